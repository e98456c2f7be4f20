// Keeps "None of these" exclusive: ticking it clears the signs, ticking a sign clears it.
// Optional: without this script the form still works, and a sign ticked with "None of these" wins.
(function () {
  "use strict";
  document.querySelectorAll("form.ankle-checklist").forEach(function (form) {
    var none = form.querySelector("input[data-ankle-exclusive]");
    if (!none) {
      return;
    }
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox" || !box.checked) {
        return;
      }
      form.querySelectorAll("input[type=checkbox]").forEach(function (other) {
        var clash = box === none ? other !== none : other === none;
        if (clash) {
          other.checked = false;
        }
      });
    });
  });
})();
