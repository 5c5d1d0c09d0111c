/*
 * The editor's YAML writers, run on front matter for tests/test_cms.py.
 *
 * Reads JSON from standard input: {"items": [{"path": ..., "text": ..., "order": [...]}]}, where
 * "text" is a content file and "order" the field names of its collection in the editor's form.
 * Writes JSON to standard output: {"decap": {path: text}, "js-yaml": {path: text}}, each file as
 * it comes back from an editor that opened it and saved it unchanged:
 *
 *   decap    Decap CMS 3.x: gray-matter around the `yaml` package (1.x), reading with YAML 1.2
 *            and one extra tag for full timestamps, writing keys in the form's order;
 *   js-yaml  the same data written by js-yaml's dump, as other editors (and gray-matter's
 *            default) write front matter.
 */
"use strict";

const matter = require("gray-matter");
const YAML = require("yaml");
const jsYaml = require("js-yaml");

/* Decap reads a full ISO timestamp (with a time and Z) as a date, and nothing else. */
const timestamp = {
  identify: (value) => value instanceof Date,
  default: true,
  tag: "!timestamp",
  test: /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\.[0-9]+)?)Z$/,
  resolve: (text) => new Date(text),
  stringify: (node) => node.value.toISOString(),
};

function decapRead(text) {
  const doc = YAML.parseDocument(text, { customTags: [timestamp] });
  if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join("\n"));
  return doc.toJSON();
}

function decapWrite(data, order) {
  const node = YAML.createNode(data);
  const rank = (item) => order.indexOf(item.key && item.key.toString());
  node.items.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra === -1 || rb === -1 ? 0 : ra - rb;
  });
  const doc = new YAML.Document();
  doc.contents = node;
  return doc.toString();
}

const decapEngine = {
  parse: (text) => decapRead(text),
  stringify: (data, options) => decapWrite(data, options.order || []),
};

const jsYamlEngine = {
  parse: (text) => decapRead(text),
  stringify: (data) => jsYaml.dump(data, { lineWidth: -1 }),
};

/* An editor's round trip: the fields and the body it holds, written back. */
function roundTrip(text, engine, order) {
  const options = { engines: { yaml: engine }, language: "yaml", delimiters: "---" };
  const parsed = matter(text, options);
  const data = Object.assign({}, parsed.data);
  const body = parsed.content;
  return matter.stringify(body, data, Object.assign({ order: order }, options));
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { items } = JSON.parse(input);
  const out = { decap: {}, "js-yaml": {} };
  for (const item of items) {
    out.decap[item.path] = roundTrip(item.text, decapEngine, item.order);
    out["js-yaml"][item.path] = roundTrip(item.text, jsYamlEngine, item.order);
  }
  process.stdout.write(JSON.stringify(out));
});
