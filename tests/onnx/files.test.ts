/** exportOnnx, loadOnnx and exportPyTorch on paths: atomic writes, errors that name the file. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Value, tensor } from '@chalkgrad/core';
import { Sequential, mlp } from '@chalkgrad/nn';
import { WriteError, exportOnnx, exportPyTorch, loadOnnx } from '@chalkgrad/nn/node';

const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-onnx-files-'));

test('exportOnnx then loadOnnx gives the model back', () => {
  const net = mlp(3, [5, 2], { seed: 1 });
  const path = join(dir, 'net.onnx');
  exportOnnx(net, path);
  const back = loadOnnx(path);
  const x = tensor([[0.5, -1, 2]]);
  back.forward(x).data.forEach((v, i) => expect(Math.abs(v - net.forward(x).data[i])).toBeLessThan(1e-6));
});

test('a failed export keeps the previous file and leaves no temporary file', () => {
  const path = join(dir, 'keep.onnx');
  exportOnnx(mlp(2, [2], { seed: 1 }), path);
  const before = readFileSync(path);
  const custom = new Sequential({ forward: (x: unknown) => x, describe: () => 'Custom', namedParameters: () => [], children: () => [] } as never);
  expect(() => exportOnnx(custom, path)).toThrow('toOnnx: cannot export a Custom module');
  expect(readFileSync(path)).toEqual(before);
  expect(() => exportOnnx(mlp(2, [2]), join(dir, 'no-such-folder', 'x.onnx'))).toThrow(WriteError);
  expect(() => exportOnnx(mlp(2, [2]), join(dir, 'no-such-folder', 'x.onnx'))).toThrow(/the folder .*no-such-folder does not exist/);
  expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test('loadOnnx names the file it cannot read or parse', () => {
  expect(() => loadOnnx(join(dir, 'missing.onnx'))).toThrow(/missing\.onnx: no such file/);
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'chalkgrad-model' }));
  expect(() => loadOnnx(join(dir, 'model.json'))).toThrow(/model\.json: not (a valid ONNX file|an ONNX model)/);
});

test('exportPyTorch writes the script', () => {
  const path = join(dir, 'f.py');
  exportPyTorch(new Value(2, 'x').tanh().named('y'), path);
  expect(readFileSync(path, 'utf8')).toContain('torch.autograd.gradcheck');
});
