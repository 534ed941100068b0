/* Small behaviours of the pages, as a static file: the Content-Security-Policy runs no inline script or on*="" handler.
   A control marked data-submit-on-change submits its form as soon as its value changes (the year picker). */
"use strict";
document.addEventListener("change", function (event) {
  var control = event.target;
  if (control instanceof HTMLElement && control.hasAttribute("data-submit-on-change") && control.form) {
    control.form.requestSubmit();
  }
});
