/* For trainers: old links keep working, and print buttons print.
 *
 * 1. On a redirect page (a page at an old address, written by lif.permalinks), send the reader
 *    to the new address, keeping the #anchor of the link (renamed anchors are mapped).
 * 2. On any other page, when the address names an anchor that is not on the page, look it up in
 *    the site's map of renamed anchors (redirects.json) and go to where it is now.
 * 3. Buttons marked data-lif-print appear and print the page.
 *
 * A file of the site, never an inline script: the Content Security Policy allows only these.
 */
(function () {
  "use strict";

  var script = document.currentScript;

  function redirectPage(el) {
    var anchors = {};
    try {
      anchors = JSON.parse(el.getAttribute("data-lif-anchors") || "{}");
    } catch (e) {
      anchors = {};
    }
    var hash = decodeURIComponent(window.location.hash.replace(/^#/, ""));
    if (Object.prototype.hasOwnProperty.call(anchors, hash)) {
      hash = anchors[hash];
    } else if (!hash) {
      hash = el.getAttribute("data-lif-anchor") || "";
    }
    var target = el.getAttribute("data-lif-redirect") + (hash ? "#" + hash : "");
    window.location.replace(target);
  }

  if (script && script.hasAttribute("data-lif-redirect")) {
    redirectPage(script);
    return;
  }

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    if (config) {
      try {
        base = JSON.parse(config.textContent).base || ".";
      } catch (e) {
        base = ".";
      }
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function followRenamedAnchor() {
    var hash = decodeURIComponent(window.location.hash.replace(/^#/, ""));
    if (!hash || document.getElementById(hash) || !window.fetch) {
      return;
    }
    var root = siteRoot();
    var path = window.location.pathname.replace(/index\.html$/, "");
    if (path.indexOf(root.pathname) !== 0) {
      return;
    }
    var page = path.slice(root.pathname.length);
    fetch(new URL("redirects.json", root).href, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : {};
      })
      .then(function (map) {
        var moved = map[page] && map[page][hash];
        if (!moved) {
          return;
        }
        window.location.replace(new URL(moved, root).href);
      })
      .catch(function () {});
  }

  function printButtons() {
    var buttons = document.querySelectorAll("[data-lif-print]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  followRenamedAnchor();
  window.addEventListener("hashchange", followRenamedAnchor);
  printButtons();
})();
