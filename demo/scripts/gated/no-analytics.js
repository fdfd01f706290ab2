// Runs when analytics is refused (`data-consent="!analytics"`): the page says so.
(function () {
  var state = document.getElementById('analytics-state');
  if (state) state.dataset.refused = 'true';
})();
