// The cash pages' behaviour: refuse a statement file larger than the server takes before it is
// sent, with the same message the server gives. The page works without this file.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form) { return; }
  var input = document.getElementById("statement-file");
  var fault = document.getElementById("upload-fault");
  var maxMB = parseInt(form.getAttribute("data-max-mb"), 10) || 5;
  function check() {
    var f = input.files && input.files[0];
    var tooBig = f && f.size > maxMB * 1024 * 1024;
    fault.hidden = !tooBig;
    fault.textContent = tooBig ? "The file is larger than " + maxMB + " MB: a bank statement is smaller. Export a shorter period." : "";
    return !tooBig;
  }
  input.addEventListener("change", check);
  form.addEventListener("submit", function (e) { if (!check()) { e.preventDefault(); } });
})();
