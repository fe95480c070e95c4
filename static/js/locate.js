// "Use my location": only when asked, and rounded on this device to about a kilometre. The
// rounded position goes in a form body (POST), never in an address: the server answers with
// the nearest ZIP code, so only the ZIP enters the browser's history.
(function () {
  "use strict";

  var button = document.querySelector("[data-locate]");
  var input = document.getElementById("near");
  if (!button || !input || !navigator.geolocation) {
    return;
  }
  var note = document.querySelector("[data-locate-note]");
  button.hidden = false;
  if (note) {
    note.hidden = false;
  }

  function round(value) {
    return (Math.round(value * 100) / 100).toFixed(2);
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var form = input.form;
        var at = document.createElement("input");
        at.type = "hidden";
        at.name = "at";
        at.value = round(position.coords.latitude) + "," + round(position.coords.longitude);
        form.appendChild(at);
        input.disabled = true; // the typed place gives way to the position
        form.method = "post";
        form.submit();
      },
      function () {
        button.disabled = false;
        if (note) {
          note.textContent = "We couldn't get your location. Type a ZIP code or town instead.";
        }
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  });
})();
