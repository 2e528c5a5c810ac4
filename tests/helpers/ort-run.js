// Runs ONNX models in onnxruntime-web (WebAssembly) in a plain Node process: jest's module sandbox
// cannot load ONNX Runtime's wasm glue (a dynamic import). Reads the jobs as JSON on stdin and prints
// one result per job: the outputs, or the error ONNX Runtime gave.
const ort = require('onnxruntime-web');

ort.env.wasm.numThreads = 1;

async function runJob(job) {
  try {
    const session = await ort.InferenceSession.create(Buffer.from(job.model, 'base64'));
    const feeds = {};
    for (const [name, t] of Object.entries(job.feeds)) feeds[name] = new ort.Tensor('float32', Float32Array.from(t.data), t.dims);
    const results = await session.run(feeds);
    const outputs = {};
    for (const [name, t] of Object.entries(results)) outputs[name] = { data: Array.from(t.data, Number), dims: [...t.dims] };
    await session.release();
    return { outputs };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
}

let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  const results = [];
  for (const job of JSON.parse(input)) results.push(await runJob(job));
  process.stdout.write(JSON.stringify(results));
});
