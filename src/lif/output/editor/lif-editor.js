/*
 * The learning hub's additions to the editor at /admin/ (Decap CMS).
 *
 * Before an item is saved, fill in what `lif new` would have made, so that nobody has to write
 * an id by hand:
 *   - an empty id, from the title (and, for a review, its type and the subject's pseudonym),
 *     by the rules of lif.output.scaffold.make_id, which the build writes into ids.json;
 *   - an empty id of a key learning point (lp-1, lp-2, ...) or a recommendation (rec-1, ...).
 * The file is named after the id (the collection's slug is {{fields.id}}), as `lif check` wants.
 *
 * Loaded by Node as well, for the tests that compare its ids with make_id's.
 */
(function (root) {
  "use strict";

  /* lif.output.scaffold.slugify: lowercase letters and digits joined by single hyphens, cut at a
     word boundary. */
  function slugify(text, limit) {
    var words = String(text || "")
      .toLowerCase()
      .replace(/['\u2019]/g, "")
      .match(/[a-z0-9]+/g) || [];
    var slug = "";
    for (var i = 0; i < words.length; i++) {
      var candidate = slug ? slug + "-" + words[i] : words[i];
      if (candidate.length > limit) break;
      slug = candidate;
    }
    return slug;
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /* lif.output.scaffold._strip_kind_label: a title that starts with the kind's name loses it. */
  function stripLabel(title, labels) {
    for (var i = 0; i < labels.length; i++) {
      var pattern = new RegExp(
        "^\\s*" + escapeRegExp(labels[i]) + "\\s*[:\\-\u2013\u2014]*\\s*",
        "i"
      );
      var stripped = title.replace(pattern, "");
      if (stripped !== title) return stripped;
    }
    return title;
  }

  function firstReview(reviews) {
    if (!reviews) return [];
    return Array.isArray(reviews) ? reviews : [reviews];
  }

  /* lif.output.scaffold.make_id, for an item of `collection` with the form's `data`. */
  function makeId(rules, collection, data, year) {
    var max = rules.max;
    var title = data.title || "";
    if (collection === rules.review_collection) {
      var type = rules.reviews[data.review_type];
      if (!type) return null;
      var name = data.subject || stripLabel(title, type.strip);
      var slug = slugify(name, max - type.prefix.length - 6) || "review";
      return /-\d{4}$/.test(slug)
        ? type.prefix + "-" + slug
        : type.prefix + "-" + slug + "-" + year;
    }
    var kind = rules.briefs[collection];
    if (!kind) return null;
    var reviews = firstReview(data.reviews);
    if (collection === "executive-summary" && reviews.length === 1) {
      return slugify(kind.prefix + "-" + reviews[0], max + 10);
    }
    var words = slugify(stripLabel(title, kind.strip), max - kind.prefix.length - 1);
    return kind.prefix + "-" + (words || "note");
  }

  /* Ids for the points of a list that have none: prefix-1, prefix-2, ..., skipping those used. */
  function numberPoints(points, prefix) {
    if (!Array.isArray(points)) return points;
    var used = {};
    points.forEach(function (point) {
      if (point && point.id) used[point.id] = true;
    });
    var next = 1;
    return points.map(function (point) {
      if (!point || typeof point !== "object" || point.id) return point;
      while (used[prefix + "-" + next]) next++;
      var id = prefix + "-" + next;
      used[id] = true;
      var copy = Object.assign({}, point);
      copy.id = id;
      return copy;
    });
  }

  /* The front matter as it will be saved: what was empty filled in, nothing else changed. */
  function completeData(rules, collection, data, year) {
    var out = Object.assign({}, data);
    if (!out.id) {
      var id = makeId(rules, collection, out, year);
      if (id) out.id = id;
    }
    if (out.learning) out.learning = numberPoints(out.learning, "lp");
    if (out.recommendations) out.recommendations = numberPoints(out.recommendations, "rec");
    return out;
  }

  var api = {
    slugify: slugify,
    makeId: makeId,
    numberPoints: numberPoints,
    completeData: completeData,
  };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }

  var CMS = root.CMS;
  if (!CMS) return;
  var rules = fetch("ids.json", { credentials: "same-origin" }).then(function (response) {
    if (!response.ok) throw new Error("ids.json: " + response.status);
    return response.json();
  });

  /* The entry's data (an Immutable map) with the ids completeData filled in, nothing else. */
  function withIds(map, completed) {
    var out = map;
    if (!map.get("id") && completed.id) out = out.set("id", completed.id);
    ["learning", "recommendations"].forEach(function (list) {
      (completed[list] || []).forEach(function (point, index) {
        if (point && point.id && !out.getIn([list, index, "id"])) {
          out = out.setIn([list, index, "id"], point.id);
        }
      });
    });
    return out;
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var collection = entry.get("collection");
      return rules.then(function (loaded) {
        var data = entry.get("data");
        var completed = completeData(loaded, collection, data.toJS(), new Date().getFullYear());
        return withIds(data, completed);
      });
    },
  });
})(typeof window !== "undefined" ? window : this);
