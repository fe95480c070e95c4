// Exit this page: hide everything at once, then replace this page in history with a neutral one.
// Works as a plain link without JavaScript; this only makes leaving faster and harder to undo.
(function () {
  "use strict";

  var SHIFT_PRESSES = 3;
  var MAX_GAP_MS = 5000;
  var originalTitle = document.title;

  function leave(href) {
    if (!document.querySelector(".exit-overlay")) {
      var overlay = document.createElement("div");
      overlay.className = "exit-overlay";
      document.body.appendChild(overlay);
    }
    document.body.classList.add("is-exiting");
    document.title = "";
    window.location.replace(href);
  }

  function exitHref() {
    var link = document.querySelector("a[data-exit]");
    return link ? link.href : "about:blank";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-exit]");
    if (!link || event.button !== 0) {
      return;
    }
    event.preventDefault();
    leave(link.href);
  });

  // A press counts when Shift is let go, and only if no other key went down while it was
  // held: Shift held for a capital letter is typing, not a press.
  var presses = 0;
  var lastPress = 0;
  var chord = false;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) {
        chord = false;
      }
      return;
    }
    presses = 0;
    chord = true;
  });
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      return;
    }
    if (chord) {
      chord = false;
      presses = 0;
      return;
    }
    var now = Date.now();
    presses = now - lastPress <= MAX_GAP_MS ? presses + 1 : 1;
    lastPress = now;
    if (presses >= SHIFT_PRESSES) {
      presses = 0;
      leave(exitHref());
    }
  });

  // Coming back with the Back button can restore this page from memory: show it normally.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      var overlay = document.querySelector(".exit-overlay");
      if (overlay) {
        overlay.remove();
      }
      document.body.classList.remove("is-exiting");
      document.title = originalTitle;
      presses = 0;
    }
  });

  // The Shift hint is for devices with a keyboard and a mouse or trackpad, not touch alone.
  var keyboardLikely = window.matchMedia && window.matchMedia("(any-pointer: fine)").matches;
  var hints = keyboardLikely ? document.querySelectorAll("[data-exit-hint]") : [];
  for (var i = 0; i < hints.length; i++) {
    hints[i].hidden = false;
  }
})();
