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
  // Written like the server's own times ("Sunday, December 6, 1:00 am"): the same language
  // and letter case, and the date only when the visitor's day is not the meeting's day.
  var hours = new Intl.DateTimeFormat("en-US", { hour: "numeric", minute: "2-digit" });
  var day = new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric" });
  function dayIn(zone, date) {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone, dateStyle: "short" }).format(date);
  }
  function written(date, zone) {
    var text = hours.format(date).replace("AM", "am").replace("PM", "pm");
    if (text === "12:00 pm") {
      text = "12 noon";
    }
    var sameDay;
    try {
      sameDay = dayIn(zone, date) === dayIn(visitorZone, date);
    } catch (error) {
      sameDay = false; // a zone this browser doesn't know: say the day to be sure
    }
    return sameDay ? text : day.format(date) + ", " + text;
  }
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
    note.textContent = " (" + written(start, time.getAttribute("data-zone")) + " your time)";
    time.after(note);
  }
})();
