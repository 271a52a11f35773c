/*
 * Upload with progress: sends the upload form (form[data-upload]) with XMLHttpRequest so the page can show how far
 * sending has come and that the server is checking the file. Without JavaScript the form posts as usual; the server
 * answers the same either way (a redirect to the result, or the form again with its errors).
 */
(function () {
  "use strict";

  var SENDING = "Bestand wordt verzonden… ";
  var CHECKING = "Bestand wordt gecontroleerd…";
  var FAILED = "Het verzenden is mislukt. Is het bestand groter dan 50 MB? Splits het dan in kleinere bestanden. " +
    "Controleer anders uw verbinding en probeer het opnieuw.";

  function bind() {
    var form = document.querySelector("form[data-upload]");
    if (!form || !window.XMLHttpRequest || !window.FormData || form.dataset.uploadBound) {
      return;
    }
    form.dataset.uploadBound = "1";
    form.addEventListener("submit", function (event) {
      send(form, event);
    });
  }

  function send(form, event) {
    var box = document.getElementById("upload-voortgang");
    var bar = document.getElementById("upload-progress");
    var label = document.getElementById("upload-status");
    var button = form.querySelector("[type=submit]");
    if (!box || !bar || !label) {
      return; // let the browser post the form itself
    }
    event.preventDefault();

    var xhr = new XMLHttpRequest();
    var target = form.action || window.location.href;
    xhr.open("POST", target);
    xhr.setRequestHeader("Accept", "text/html");

    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable && e.total > 0) {
        var percent = Math.min(100, Math.round((e.loaded / e.total) * 100));
        bar.value = percent;
        bar.textContent = percent + "%";
        label.textContent = SENDING + percent + "%";
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value"); // indeterminate: the server is working
      bar.textContent = "";
      label.textContent = CHECKING;
    });
    xhr.addEventListener("load", function () {
      show(xhr, target);
    });
    xhr.addEventListener("error", function () {
      fail(form, bar, label, button);
    });
    xhr.addEventListener("abort", function () {
      fail(form, bar, label, button);
    });

    bar.hidden = false;
    bar.value = 0;
    label.textContent = SENDING + "0%";
    box.hidden = false;
    form.setAttribute("aria-busy", "true");
    if (button) {
      button.disabled = true;
    }
    xhr.send(new FormData(form));
  }

  function show(xhr, target) {
    var posted = new URL(target, window.location.href).href;
    if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== posted) {
      // Redirected to the result page (POST-redirect-GET): open it, so its address is in the location bar.
      window.location.assign(xhr.responseURL);
      return;
    }
    // The form again, with its errors (or an error page): show the server's answer in place of this page.
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    document.title = page.title;
    document.body.replaceWith(document.adoptNode(page.body));
    bind();
    var summary = document.querySelector(".utrecht-alert[role=alert]");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  }

  function fail(form, bar, label, button) {
    bar.hidden = true;
    label.textContent = FAILED;
    form.removeAttribute("aria-busy");
    if (button) {
      button.disabled = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
