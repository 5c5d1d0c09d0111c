/*
 * The editor's ids (src/lif/output/editor/lif-editor.js), for tests/test_cms.py.
 *
 * Reads JSON from standard input: {"rules": <ids.json>, "year": 2026, "cases": [{collection,
 * title, ...}], "complete": [[collection, data], ...]}. Writes {"ids": [...], "completed":
 * [...]}: the id made for each case, and each item's data with its empty ids filled in.
 */
"use strict";

const path = require("path");
const editor = require(path.join(__dirname, "..", "..", "src", "lif", "output", "editor", "lif-editor.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { rules, year, cases = [], complete = [] } = JSON.parse(input);
  const ids = cases.map((c) => editor.makeId(rules, c.collection, c, year));
  const completed = complete.map(([collection, data]) =>
    editor.completeData(rules, collection, data, year)
  );
  process.stdout.write(JSON.stringify({ ids, completed }));
});
