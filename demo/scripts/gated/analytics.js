// The demo's "analytics tag": runs only after consent to analytics. It sets the cookies the cookie
// policy lists and marks the page, so a person (and the e2e test) can see that it ran.
(function () {
  var id = Math.random().toString(36).slice(2, 12);
  document.cookie = 'yf_stats_id=' + id + '; path=/; max-age=' + 60 * 60 * 24 * 395 + '; SameSite=Lax';
  document.cookie = 'yf_stats_ses=' + Date.now() + '; path=/; max-age=1800; SameSite=Lax';
  window.demoAnalyticsRuns = (window.demoAnalyticsRuns || 0) + 1;
  var state = document.getElementById('analytics-state');
  if (state) state.dataset.ran = 'true';
})();
