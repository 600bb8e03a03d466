// Tsunagu: the few lines every page runs, with or without WebAssembly.
// 1. Registers the service worker (offline pages, the map, the health check).
// 2. Marks <html data-hydrated="true"> on a page that loads no client bundle
//    (nothing to wait for); a page with islands is marked by the bundle once
//    its islands have hydrated.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(function () {});
}
if (!document.querySelector('script[type="module"]')) {
  document.documentElement.setAttribute("data-hydrated", "true");
}
