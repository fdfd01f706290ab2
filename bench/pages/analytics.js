// The gated "analytics" script: must not run before consent on any harness page.
window.__analyticsRan = (window.__analyticsRan ?? 0) + 1;
document.cookie = 'bench_analytics=1; path=/; SameSite=Lax';
