// "Use my location": only when asked, and rounded on this device to about a kilometre before
// it is put into the search, so an exact position never leaves the phone or computer.
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
        input.value = round(position.coords.latitude) + "," + round(position.coords.longitude);
        input.form.submit();
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
