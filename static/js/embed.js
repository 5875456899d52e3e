// Progressive enhancement for /inbedden/: tell the page around the iframe how tall we are,
// so that its snippet can size the iframe. Only a number is sent, to the parent page only.
(() => {
  if (window.parent === window) return;
  const send = () => window.parent.postMessage(
    { wegwijsHeight: document.documentElement.scrollHeight }, "*"
  );
  new ResizeObserver(send).observe(document.documentElement);
  window.addEventListener("load", send);
})();
