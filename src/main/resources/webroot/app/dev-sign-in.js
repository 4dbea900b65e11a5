// Carries the page the person was sent from (?return=…) into the development sign-in form.
const requested = new URLSearchParams(window.location.search).get('return');
if (requested) {
  document.getElementById('return').value = requested;
}
