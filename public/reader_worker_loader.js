// Starts the reading worker (src/bin/reader_worker.rs): wasm-bindgen's glue, then its wasm. When
// the wasm cannot be fetched or compiled, the failure is thrown out of the worker, so the page
// sees an error event on it and tells the admin, instead of waiting for an answer forever.
importScripts('./reader_worker.js');
wasm_bindgen('./reader_worker_bg.wasm').catch((error) => {
  setTimeout(() => {
    // A marker and the browser's words; the page says it in its language (worker.rs).
    throw new Error(`reader-not-loaded: ${error && error.message ? error.message : error}`);
  });
});
