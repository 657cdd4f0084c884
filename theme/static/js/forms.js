/* Sign-up forms (portal_forms): the browser's own checks, worded in the page's language.
   The forms work without this file; it only replaces the browser's messages (which
   come in the browser's language, not the page's) with the form's data-message-*
   texts. Loaded with defer; no inline code. */
(function () {
  "use strict";
  if (window.portalSignupForms) { return; }
  window.portalSignupForms = true;

  function message(control) {
    var texts = control.form.dataset;
    var validity = control.validity;
    if (validity.valueMissing) {
      if (control.name === "consent") { return texts.messageConsent; }
      if (control.type === "radio" || control.tagName === "SELECT") { return texts.messageChoose; }
      return texts.messageRequired;
    }
    if (validity.typeMismatch && control.type === "email") { return texts.messageEmail; }
    return texts.messageOther;
  }

  function ours(control) {
    return control.form && control.form.classList.contains("signup-form");
  }

  document.addEventListener("invalid", function (event) {
    var control = event.target;
    if (!ours(control)) { return; }
    control.setCustomValidity("");
    if (!control.validity.valid) { control.setCustomValidity(message(control)); }
  }, true);

  function clear(event) {
    var control = event.target;
    if (!ours(control) || !control.name) { return; }
    // A radio group is one answer: clear the message on all of its buttons.
    Array.prototype.forEach.call(control.form.elements, function (other) {
      if (other.name === control.name) { other.setCustomValidity(""); }
    });
  }
  document.addEventListener("input", clear, true);
  document.addEventListener("change", clear, true);
}());
