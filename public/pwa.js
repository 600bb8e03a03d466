// Tsunagu: the few lines every page runs, with or without WebAssembly.
// 1. Registers the service worker (offline pages, the map, the health check).
// 2. Once the page has settled (a few seconds after load, when the browser is
//    idle), asks the worker to keep the offline pack: the health check and the
//    map with their code, so both work offline later. Never with Save-Data on
//    (the pack then arrives piece by piece as those pages are visited).
//    `tsunaguOfflinePack()` asks at once and resolves when the pack is kept.
// 3. Marks <html data-hydrated="true"> on a page that loads no client bundle
//    (nothing to wait for); a page with islands is marked by the bundle once
//    its islands have hydrated.
(function () {
  var sw = navigator.serviceWorker;
  window.tsunaguOfflinePack = function () {
    if (!sw) return Promise.resolve(false);
    return sw.ready.then(function (reg) {
      return new Promise(function (done) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { done(true); };
        reg.active.postMessage("WARM", [channel.port2]);
      });
    });
  };
  if (sw) {
    sw.register("/sw.js").catch(function () {});
    var saveData = navigator.connection && navigator.connection.saveData;
    if (!saveData) {
      window.addEventListener("load", function () {
        setTimeout(function () {
          var idle = window.requestIdleCallback || function (f) { setTimeout(f, 0); };
          idle(function () { window.tsunaguOfflinePack().catch(function () {}); });
        }, 5000);
      });
    }
  }
  if (!document.querySelector('script[type="module"]')) {
    document.documentElement.setAttribute("data-hydrated", "true");
  }
})();
