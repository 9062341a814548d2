/* Gongkai's only script (CSP: script-src 'self'; no inline code anywhere). Every page works without it:
   it collapses the navigation on a phone, moves focus to a form's error summary, and returns the
   政务公开专区 screen to its start page when nobody has touched it for a while. */
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector("[data-autofocus]");
  if (target) {
    target.focus();
    target.scrollIntoView({block: "start"});
  }

  var toggle = document.querySelector(".nav-toggle");
  var nav = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    });
  }

  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var home = body.getAttribute("data-idle-home");
  if (idle > 0 && home) {
    var timer;
    var restart = function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (location.pathname + location.search !== home) { location.assign(home); }
        else { window.scrollTo(0, 0); restart(); }
      }, idle * 1000);
    };
    ["pointerdown", "keydown", "touchstart", "wheel", "scroll", "input"].forEach(function (name) {
      window.addEventListener(name, restart, {passive: true});
    });
    restart();
  }
});
