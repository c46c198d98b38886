// Presensi web: read the phone's position (when the unit uses the office radius) into the hidden fields before
// the form is sent. Without JavaScript, or when the position is refused, the form is sent without a position
// and the server checks the office network instead (kehadiran.rules.cek_lokasi).
(function () {
  "use strict";
  var form = document.getElementById("form-presensi");
  if (!form || form.dataset.butuhGps !== "1" || !("geolocation" in navigator)) {
    return;
  }
  var status = document.getElementById("status-lokasi");
  var lat = form.querySelector("[name=latitude]");
  var lon = form.querySelector("[name=longitude]");
  var acc = form.querySelector("[name=akurasi]");
  var fix = null;

  function show(text, kind) {
    status.textContent = text;
    status.className = "alert small py-2 alert-" + kind;
  }

  function fill(pos) {
    fix = pos;
    lat.value = pos.coords.latitude.toFixed(6);
    lon.value = pos.coords.longitude.toFixed(6);
    acc.value = Math.round(pos.coords.accuracy);
    show("Lokasi terbaca (akurasi ±" + Math.round(pos.coords.accuracy) + " m). Silakan tekan tombol presensi.", "success");
  }

  function fail(err) {
    var msg = err && err.code === 1
      ? "Izin lokasi ditolak. Presensi akan diperiksa lewat jaringan Wi-Fi kantor."
      : "Lokasi belum terbaca. Presensi akan diperiksa lewat jaringan Wi-Fi kantor.";
    show(msg, "warning");
  }

  show("Membaca lokasi ponsel…", "light");
  navigator.geolocation.getCurrentPosition(fill, fail, { enableHighAccuracy: true, timeout: 10000, maximumAge: 30000 });

  form.addEventListener("submit", function (ev) {
    if (fix || form.dataset.sent === "1") {
      return;
    }
    // Give the phone one more short chance to get a position, then send anyway (network fallback).
    ev.preventDefault();
    var submitter = ev.submitter;
    form.dataset.sent = "1";
    show("Membaca lokasi ponsel…", "light");
    var done = function () {
      if (submitter && submitter.name) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = submitter.name;
        hidden.value = submitter.value;
        form.appendChild(hidden);
      }
      form.submit();
    };
    navigator.geolocation.getCurrentPosition(function (pos) { fill(pos); done(); }, done, { enableHighAccuracy: true, timeout: 8000, maximumAge: 30000 });
  });
})();
