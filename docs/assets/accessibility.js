/*
 * Keyboard access to the theme's header controls (tests/browser/test_keyboard.py).
 *
 * The theme opens its navigation drawer and its search panel with <label> elements tied to
 * hidden checkboxes. Labels cannot take keyboard focus, and what the closed drawer and panel hold
 * can, unseen. Here the labels become buttons, and closed panels are made inert (out of the tab
 * order and hidden from assistive technology) until they are opened.
 */
(function () {
  "use strict";

  var drawerQuery = window.matchMedia("(max-width: 76.2344em)");

  function toggleOf(id) {
    return document.getElementById(id);
  }

  function makeButton(label, name) {
    var toggle = toggleOf(label.htmlFor);
    if (!toggle) return;
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    if (!label.getAttribute("aria-label")) label.setAttribute("aria-label", name);
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      // The theme's own key handler (on the window) also clicks a focused label on Enter:
      // this press is handled here alone, once.
      event.preventDefault();
      event.stopPropagation();
      label.click();
    });
  }

  function setInert(element, inert) {
    if (!element) return;
    if (inert) element.setAttribute("inert", "");
    else element.removeAttribute("inert");
  }

  function update() {
    var drawer = toggleOf("__drawer");
    var search = toggleOf("__search");
    var primary = document.querySelector(".md-sidebar--primary");
    // The primary sidebar is a drawer only on narrow screens; on wide ones it is always shown.
    setInert(primary, drawerQuery.matches && drawer && !drawer.checked);
    document.querySelectorAll('.md-header label[for="__drawer"]').forEach(function (label) {
      label.setAttribute("aria-expanded", drawer && drawer.checked ? "true" : "false");
    });
    document.querySelectorAll('.md-header label[for="__search"]').forEach(function (label) {
      label.setAttribute("aria-expanded", search && search.checked ? "true" : "false");
    });
    setInert(document.querySelector(".md-search__output"), search && !search.checked);
    // In the drawer, each section's links slide in as a panel of their own when the section is
    // opened; until then they are out of sight, and out of the tab order.
    document.querySelectorAll(".md-sidebar--primary .md-nav__toggle").forEach(function (toggle) {
      var panel = toggle.parentElement && toggle.parentElement.querySelector(":scope > .md-nav");
      setInert(panel, drawerQuery.matches && !toggle.checked);
    });
    document.querySelectorAll('.md-nav__container > label[role="button"]').forEach(function (label) {
      var toggle = toggleOf(label.htmlFor);
      label.setAttribute("aria-expanded", toggle && toggle.checked ? "true" : "false");
    });
  }

  function start() {
    document.querySelectorAll('.md-header label[for="__drawer"]').forEach(function (label) {
      makeButton(label, "Open the site menu");
    });
    document.querySelectorAll('.md-header label[for="__search"]').forEach(function (label) {
      makeButton(label, "Open search");
    });
    // A section's toggle beside its link shows only an arrow: give it a name.
    document.querySelectorAll(".md-nav__container > label.md-nav__link").forEach(function (label) {
      var link = label.parentElement.querySelector("a");
      if (link && !label.textContent.trim() && !label.getAttribute("aria-label")) {
        label.setAttribute("role", "button");
        label.setAttribute("aria-label", "Pages under " + link.textContent.trim());
      }
    });
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = toggleOf(id);
      if (toggle) toggle.addEventListener("change", update);
    });
    // The theme checks and unchecks the boxes from script too, which fires no change event.
    var observer = new MutationObserver(update);
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = toggleOf(id);
      if (toggle) observer.observe(toggle, { attributes: true });
    });
    document.addEventListener("change", update);
    document.addEventListener("click", function () { window.setTimeout(update, 0); });
    document.addEventListener("keyup", function () { window.setTimeout(update, 0); });
    document.addEventListener("focusin", function () { window.setTimeout(update, 0); });
    drawerQuery.addEventListener("change", update);
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
