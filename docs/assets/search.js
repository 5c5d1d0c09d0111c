/*
 * Search for the safeguarding learning hub: the header's search box and the search page.
 *
 * Pagefind's index (built by `lif build` into pagefind/) is loaded only when someone starts to
 * search, and then only in small pieces: the chunks of the index that hold the words typed, the
 * filter chunks when facets are counted, and one small fragment per result shown. Nothing
 * downloads the whole index. No request leaves the site.
 *
 * The search page keeps its state in its address (?q=words&theme=neglect&year=2024), so a
 * filtered view can be shared and bookmarked. Result counts are announced in a polite live
 * region; every control is a native link, checkbox or button.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  /* This file is assets/search.js: the site's root is one level up, on any host or sub-path. */
  var siteRoot = new URL("../", script ? script.src : document.baseURI);

  var HEADER_RESULTS = 5;
  var PAGE_SIZE = 20;
  var TYPING_PAUSE_MS = 120;

  /* ---------------------------------------------------------------- Pagefind, loaded once */

  var pagefindPromise = null;

  function loadPagefind() {
    if (!pagefindPromise) {
      pagefindPromise = import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (pf) {
        return pf.options({ excerptLength: 24 }).then(function () {
          return pf.init();
        }).then(function () {
          return pf;
        });
      });
      pagefindPromise.catch(function () {
        pagefindPromise = null;
      });
    }
    return pagefindPromise;
  }

  /* ---------------------------------------------------------------- rendering a result */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function decode(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  }

  /* Pagefind's excerpt marks the words found with <mark>; everything else is text. */
  function excerptNode(excerpt) {
    var p = el("p", "lif-result__excerpt");
    var parts = String(excerpt || "").split(/<mark>|<\/mark>/);
    parts.forEach(function (part, index) {
      if (!part) return;
      var text = document.createTextNode(decode(part));
      if (index % 2 === 1) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        p.appendChild(mark);
      } else {
        p.appendChild(text);
      }
    });
    return p;
  }

  /* The words of a text, lower case, for comparing a snippet with the title and summary. */
  function words(text) {
    return String(text || "")
      .replace(/<\/?mark>/g, "")
      .toLowerCase()
      .split(/[^a-z0-9\u00c0-\u024f]+/)
      .filter(Boolean);
  }

  /* True when most runs of three words of the snippet are in the title or summary already
     shown above it: the snippet would only repeat them. */
  function repeats(excerpt, shown) {
    var mine = words(excerpt);
    if (mine.length < 3) return true;
    var seen = {};
    var theirs = words(shown);
    for (var i = 0; i + 2 < theirs.length; i += 1) {
      seen[theirs.slice(i, i + 3).join(" ")] = true;
    }
    var runs = 0;
    var repeated = 0;
    for (var j = 0; j + 2 < mine.length; j += 1) {
      runs += 1;
      if (seen[mine.slice(j, j + 3).join(" ")]) repeated += 1;
    }
    return repeated * 2 >= runs;
  }

  /* The snippet to show under a result: from the section of the page with the most words
     found (Pagefind's sub-results, by heading), never one that repeats the title or summary
     shown above it; none if every match is in those. */
  function bestExcerpt(data) {
    var meta = data.meta || {};
    var shown = (meta.title || "") + " " + (meta.summary || "");
    var candidates = (data.sub_results || []).slice().sort(function (a, b) {
      return (b.locations || []).length - (a.locations || []).length;
    });
    candidates.push({ excerpt: data.excerpt });
    for (var i = 0; i < candidates.length; i += 1) {
      var excerpt = candidates[i].excerpt;
      if (excerpt && /<mark>/.test(excerpt) && !repeats(excerpt, shown)) return excerpt;
    }
    return "";
  }

  function resultNode(data, headingLevel, withExcerpt) {
    var meta = data.meta || {};
    var li = el("li", "lif-result");
    var heading = el(headingLevel ? "h" + headingLevel : "p", "lif-result__title");
    var link = el("a", null, meta.title || data.url);
    link.href = data.url;
    heading.appendChild(link);
    li.appendChild(heading);
    var facts = [meta.kind, meta.type, meta.date].filter(Boolean).join(" · ");
    if (facts) li.appendChild(el("p", "lif-result__meta", facts));
    if (meta.summary) li.appendChild(el("p", "lif-result__summary", meta.summary));
    var excerpt = withExcerpt ? bestExcerpt(data) : "";
    if (excerpt) li.appendChild(excerptNode(excerpt));
    return li;
  }

  function plural(count, one, many) {
    return count.toLocaleString("en-GB") + " " + (count === 1 ? one : many);
  }

  function unavailable(status) {
    status.textContent =
      "Search is not available at the moment. You can browse the reviews, briefings and themes from the menu.";
  }

  /* ---------------------------------------------------------------- the header's box */

  function setupHeader(root) {
    var form = root.querySelector("form");
    var input = root.querySelector("input[name=q]");
    var panel = root.querySelector(".lif-hsearch__panel");
    var list = root.querySelector("[data-lif-results]");
    var status = root.querySelector("[data-lif-status]");
    var all = root.querySelector("[data-lif-all]");
    var searchUrl = new URL(root.getAttribute("data-lif-search-url"), document.baseURI);
    var sequence = 0;
    var timer = null;

    function close() {
      panel.hidden = true;
    }

    function show(term) {
      var mine = ++sequence;
      loadPagefind()
        .then(function (pf) {
          return pf.search(term);
        })
        .then(function (search) {
          if (mine !== sequence) return null;
          return Promise.all(
            search.results.slice(0, HEADER_RESULTS).map(function (r) {
              return r.data();
            })
          ).then(function (items) {
            return { count: search.results.length, items: items };
          });
        })
        .then(function (found) {
          if (!found || mine !== sequence) return;
          list.replaceChildren.apply(
            list,
            found.items.map(function (data) {
              return resultNode(data, 0, false);
            })
          );
          var target = new URL(searchUrl);
          target.searchParams.set("q", term);
          all.href = target.href;
          all.textContent = found.count
            ? "All " + plural(found.count, "result", "results") + ", with filters"
            : "Search with filters";
          status.textContent = found.count
            ? plural(found.count, "result", "results") + " for " + term + ". Press the down arrow to reach them."
            : "No results for " + term + ".";
          if (!found.count) {
            list.replaceChildren(el("li", "lif-result lif-result--none", "No results for \u201c" + term + "\u201d."));
          }
          panel.hidden = false;
        })
        .catch(function () {
          if (mine === sequence) unavailable(status);
        });
    }

    input.addEventListener("focus", function () {
      loadPagefind().catch(function () {});
    });
    input.addEventListener("input", function () {
      var term = input.value.trim();
      clearTimeout(timer);
      if (!term) {
        sequence++;
        close();
        status.textContent = "";
        return;
      }
      loadPagefind()
        .then(function (pf) {
          pf.preload(term);
        })
        .catch(function () {});
      timer = setTimeout(function () {
        show(term);
      }, TYPING_PAUSE_MS);
    });
    form.addEventListener("submit", function (event) {
      if (!input.value.trim()) {
        event.preventDefault();
        input.focus();
      }
    });

    function links() {
      return Array.prototype.slice.call(panel.querySelectorAll("a"));
    }

    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        close();
        input.focus();
        event.preventDefault();
        return;
      }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      if (panel.hidden) return;
      var targets = links();
      var index = targets.indexOf(document.activeElement);
      if (event.target === input) {
        if (event.key !== "ArrowDown") return;
        index = 0;
      } else if (index === -1) {
        return;
      } else {
        index += event.key === "ArrowDown" ? 1 : -1;
      }
      event.preventDefault();
      if (index < 0) input.focus();
      else targets[Math.min(index, targets.length - 1)].focus();
    });
    root.addEventListener("focusout", function (event) {
      if (!root.contains(event.relatedTarget)) close();
    });
    document.addEventListener("click", function (event) {
      if (!root.contains(event.target)) close();
    });

    return input;
  }

  /* ---------------------------------------------------------------- the browse index */

  /* search/browse/facets.json holds, for each facet value, a bitset over every searchable page
     (newest first); search/browse/<n>.json holds the result fields of ten pages at a time. */
  var browsePromise = null;

  function fetchJson(path) {
    return fetch(new URL(path, siteRoot).href).then(function (response) {
      if (!response.ok) throw new Error(path + ": " + response.status);
      return response.json();
    });
  }

  function decodeBits(text) {
    var raw = atob(text);
    var bits = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bits[i] = raw.charCodeAt(i);
    return bits;
  }

  function loadBrowse() {
    if (!browsePromise) {
      browsePromise = fetchJson("search/browse/facets.json").then(function (index) {
        if (index.version !== 1) throw new Error("unknown browse index version " + index.version);
        var facets = {};
        Object.keys(index.facets).forEach(function (key) {
          facets[key] = {};
          Object.keys(index.facets[key]).forEach(function (value) {
            facets[key][value] = decodeBits(index.facets[key][value]);
          });
        });
        return { count: index.count, shard: index.shard, facets: facets, shards: {} };
      });
      browsePromise.catch(function () {
        browsePromise = null;
      });
    }
    return browsePromise;
  }

  var BIT_COUNT = new Uint8Array(256);
  for (var byte = 1; byte < 256; byte++) BIT_COUNT[byte] = (byte & 1) + BIT_COUNT[byte >> 1];

  function everything(count) {
    var bits = new Uint8Array(Math.ceil(count / 8)).fill(255);
    if (count % 8) bits[bits.length - 1] = (1 << count % 8) - 1;
    return bits;
  }

  function both(a, b) {
    var out = new Uint8Array(a.length);
    for (var i = 0; i < a.length; i++) out[i] = a[i] & b[i];
    return out;
  }

  function either(a, b) {
    var out = new Uint8Array(a.length);
    for (var i = 0; i < a.length; i++) out[i] = a[i] | b[i];
    return out;
  }

  function countBits(bits) {
    var n = 0;
    for (var i = 0; i < bits.length; i++) n += BIT_COUNT[bits[i]];
    return n;
  }

  function positionsOf(bits) {
    var out = [];
    for (var i = 0; i < bits.length; i++) {
      if (!bits[i]) continue;
      for (var j = 0; j < 8; j++) if (bits[i] & (1 << j)) out.push(i * 8 + j);
    }
    return out;
  }

  /* The pages that have, for every chosen facet, one of its chosen values; and for each value,
     how many pages ticking it would give (a facet's own choices do not narrow its counts). */
  function browse(index, filters) {
    var all = everything(index.count);
    var chosen = Object.keys(filters);
    var byFacet = {};
    chosen.forEach(function (key) {
      byFacet[key] = filters[key].reduce(function (acc, value) {
        var bits = index.facets[key] && index.facets[key][value];
        return bits ? either(acc, bits) : acc;
      }, new Uint8Array(all.length));
    });
    function allBut(skip) {
      return chosen.reduce(function (acc, key) {
        return key === skip ? acc : both(acc, byFacet[key]);
      }, all);
    }
    var match = allBut(null);
    var counts = {};
    Object.keys(index.facets).forEach(function (key) {
      var base = byFacet[key] ? allBut(key) : match;
      counts[key] = {};
      Object.keys(index.facets[key]).forEach(function (value) {
        counts[key][value] = countBits(both(base, index.facets[key][value]));
      });
    });
    return { matches: positionsOf(match), counts: counts };
  }

  function browseRecord(index, position) {
    var number = Math.floor(position / index.shard);
    if (!index.shards[number]) {
      index.shards[number] = fetchJson("search/browse/" + number + ".json");
      index.shards[number].catch(function () {
        delete index.shards[number];
      });
    }
    return index.shards[number].then(function (rows) {
      var row = rows[position % index.shard];
      return {
        url: new URL(row[0], siteRoot).href,
        meta: { title: row[1], kind: row[2], type: row[3], date: row[4], summary: row[5] },
      };
    });
  }

  /* ---------------------------------------------------------------- the search page */

  function setupPage(page) {
    var form = page.querySelector("#lif-search-form");
    var input = form.querySelector("input[name=q]");
    var facets = page.querySelector("[data-lif-facets]");
    var groups = Array.prototype.slice.call(page.querySelectorAll("[data-lif-facet]"));
    var keys = groups.map(function (g) {
      return g.getAttribute("data-lif-facet");
    });
    var list = page.querySelector("[data-lif-results]");
    var status = page.querySelector("[data-lif-status]");
    var more = page.querySelector("[data-lif-more]");
    var clear = page.querySelector("[data-lif-clear]");
    var selectedNote = page.querySelector("[data-lif-selected]");
    var sequence = 0;
    var timer = null;
    var current = null;
    var filterChunks = null;

    function boxes(key) {
      return Array.prototype.slice.call(
        page.querySelectorAll('[data-lif-facet="' + key + '"] input[type=checkbox]')
      );
    }

    function labelOf(key, value) {
      var box = boxes(key).find(function (b) {
        return b.value === value;
      });
      var label = box && box.parentNode.querySelector(".lif-facet__label");
      return label ? label.textContent : value;
    }

    function readState() {
      var state = { q: input.value.trim(), filters: {} };
      keys.forEach(function (key) {
        var values = boxes(key)
          .filter(function (b) {
            return b.checked;
          })
          .map(function (b) {
            return b.value;
          });
        if (values.length) state.filters[key] = values;
      });
      return state;
    }

    function applyAddress() {
      var params = new URLSearchParams(location.search);
      input.value = params.get("q") || "";
      keys.forEach(function (key) {
        var wanted = params.getAll(key);
        boxes(key).forEach(function (b) {
          b.checked = wanted.indexOf(b.value) !== -1;
        });
        /* A group with a chosen value starts unfolded, so the choice is in view. */
        if (wanted.length) page.querySelector('[data-lif-facet="' + key + '"]').open = true;
      });
    }

    function writeAddress(state) {
      var params = new URLSearchParams();
      if (state.q) params.set("q", state.q);
      keys.forEach(function (key) {
        (state.filters[key] || []).forEach(function (v) {
          params.append(key, v);
        });
      });
      var query = params.toString();
      var address = location.pathname + (query ? "?" + query : "") + location.hash;
      if (address !== location.pathname + location.search + location.hash) {
        history.replaceState(history.state, "", address);
      }
    }

    function pagefindFilters(filters, without) {
      var out = {};
      Object.keys(filters).forEach(function (key) {
        if (key !== without) out[key] = { any: filters[key] };
      });
      return out;
    }

    /* The count beside a value is how many results there would be with that value ticked:
       values of one facet widen the results, so a facet's own choices do not narrow its counts. */
    function counts(pf, state, main) {
      var term = state.q || null;
      var selected = Object.keys(state.filters);
      return Promise.all(
        selected.map(function (key) {
          return pf.search(term, { filters: pagefindFilters(state.filters, key) }).then(function (s) {
            return [key, s.filters[key] || {}];
          });
        })
      ).then(function (pairs) {
        var byKey = Object.assign({}, main.filters);
        pairs.forEach(function (pair) {
          byKey[pair[0]] = pair[1];
        });
        return byKey;
      });
    }

    function showCounts(byKey, state) {
      groups.forEach(function (group) {
        var key = group.getAttribute("data-lif-facet");
        var values = byKey[key] || {};
        var visible = 0;
        boxes(key).forEach(function (box) {
          var count = values[box.value] || 0;
          var row = box.closest("li");
          row.querySelector("[data-lif-count]").textContent = "(" + count.toLocaleString("en-GB") + ")";
          row.hidden = count === 0 && !box.checked;
          if (!row.hidden) visible++;
        });
        group.hidden = visible === 0;
        var picked = (state.filters[key] || []).length;
        group.querySelector("[data-lif-chosen]").textContent = picked ? "(" + picked + " chosen)" : "";
      });
      var chosen = Object.keys(state.filters).reduce(function (n, k) {
        return n + state.filters[k].length;
      }, 0);
      selectedNote.textContent = chosen ? "(" + chosen + " chosen)" : "";
      clear.hidden = chosen === 0;
    }

    function describe(state, count) {
      var words = state.q ? " for \u201c" + state.q + "\u201d" : "";
      var what = state.q ? plural(count, "result", "results") : plural(count, "item", "items");
      var chosen = Object.keys(state.filters).map(function (key) {
        var group = page.querySelector('[data-lif-facet="' + key + '"] legend');
        return (
          (group ? group.textContent : key) +
          ": " +
          state.filters[key]
            .map(function (v) {
              return labelOf(key, v);
            })
            .join(" or ")
        );
      });
      var filtered = chosen.length ? ", filtered by " + chosen.join("; ") : "";
      var order = state.q ? "" : count ? ", newest first" : "";
      var hint = count ? "" : chosen.length ? " Try fewer filters." : " Try other or fewer words.";
      return what + words + filtered + order + "." + hint;
    }

    /* The next page of results; the first page replaces the list in one go, so the old results
       stay in view until the new ones are ready. */
    function showMore() {
      if (!current) return Promise.resolve();
      var mine = current;
      var start = mine.shown;
      var batch = mine.results.slice(start, start + PAGE_SIZE);
      return Promise.all(
        batch.map(function (r) {
          return r.data();
        })
      ).then(function (items) {
        if (mine !== current) return;
        var nodes = items.map(function (data) {
          return resultNode(data, 3, Boolean(mine.state.q));
        });
        if (start === 0) list.replaceChildren.apply(list, nodes);
        else nodes.forEach(function (node) {
          list.appendChild(node);
        });
        mine.shown = start + items.length;
        more.hidden = mine.shown >= mine.results.length;
        return start;
      });
    }

    /* With words: Pagefind, which loads the index chunks of those words and the filter chunks. */
    function searchWords(state) {
      return loadPagefind()
        .then(function (pf) {
          /* The facet counts need every filter chunk (small: a list of pages per value). */
          if (!filterChunks) filterChunks = pf.filters();
          return filterChunks.then(function () {
            return pf;
          });
        })
        .then(function (pf) {
          return pf.search(state.q, { filters: pagefindFilters(state.filters) }).then(function (main) {
            return counts(pf, state, main).then(function (byKey) {
              return { results: main.results, counts: byKey };
            });
          });
        });
    }

    /* Without words: the browse index (a bitset per facet value, results in shards), newest first. */
    function browseFacets(state) {
      return loadBrowse().then(function (index) {
        var found = browse(index, state.filters);
        return {
          counts: found.counts,
          results: found.matches.map(function (position) {
            return {
              data: function () {
                return browseRecord(index, position);
              },
            };
          }),
        };
      });
    }

    function run() {
      var state = readState();
      writeAddress(state);
      var mine = ++sequence;
      status.textContent = "Searching\u2026";
      return (state.q ? searchWords(state) : browseFacets(state))
        .then(function (found) {
          if (mine !== sequence) return;
          current = { state: state, results: found.results, shown: 0 };
          return showMore().then(function () {
            if (mine !== sequence) return;
            showCounts(found.counts, state);
            status.textContent = describe(state, found.results.length);
          });
        })
        .catch(function () {
          if (mine === sequence) unavailable(status);
        });
    }

    function runSoon() {
      clearTimeout(timer);
      timer = setTimeout(run, TYPING_PAUSE_MS);
    }

    input.addEventListener("input", function () {
      var term = input.value.trim();
      if (term) {
        loadPagefind()
          .then(function (pf) {
            pf.preload(term);
          })
          .catch(function () {});
      }
      runSoon();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run();
    });
    page.addEventListener("change", function (event) {
      if (event.target.matches && event.target.matches("[data-lif-facet] input")) run();
    });
    clear.addEventListener("click", function () {
      page.querySelectorAll("[data-lif-facet] input:checked").forEach(function (b) {
        b.checked = false;
      });
      run().then(function () {
        input.focus();
      });
    });
    more.addEventListener("click", function () {
      showMore().then(function (start) {
        var first = list.children[start];
        var link = first && first.querySelector("a");
        if (link) link.focus();
      });
    });

    /* On a phone the filters start folded, so the results come first. */
    if (window.matchMedia("(max-width: 59.9375em)").matches) facets.open = false;

    applyAddress();
    run();
    return input;
  }

  /* ---------------------------------------------------------------- start */

  function start() {
    var page = document.querySelector("[data-lif-search-page]");
    var header = document.querySelector("[data-lif-hsearch]");
    var target = null;
    if (page) {
      /* The page has its own, larger box: the header's would be a second one. */
      if (header) header.hidden = true;
      target = setupPage(page);
    } else if (header) {
      target = setupHeader(header);
    }
    /* "/" moves to the search box, as on many sites (not while typing in a field). */
    document.addEventListener(
      "keydown",
      function (event) {
        if (!target || event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
        var active = document.activeElement;
        if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
        if (target.offsetParent === null) return;
        event.preventDefault();
        event.stopPropagation();
        target.focus();
      },
      true
    );
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
