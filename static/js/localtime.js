// Beside a meeting time shown in the meeting's own timezone, add the visitor's local time when
// their timezone is different. Nothing is stored or sent: the browser already knows its zone.
(function () {
  "use strict";

  var visitorZone;
  try {
    visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  var format = new Intl.DateTimeFormat(undefined, {
    weekday: "long", hour: "numeric", minute: "2-digit"
  });
  var times = document.querySelectorAll("time[data-zone]");
  for (var i = 0; i < times.length; i++) {
    var time = times[i];
    if (!visitorZone || time.getAttribute("data-zone") === visitorZone) {
      continue;
    }
    var start = new Date(time.getAttribute("datetime"));
    if (isNaN(start.getTime())) {
      continue;
    }
    var note = document.createElement("span");
    note.className = "your-time";
    note.textContent = " (" + format.format(start) + " your time)";
    time.after(note);
  }
})();
