/**
 * `chalkgrad export`, `chalkgrad import` and `grad --pytorch` as a user runs them: the round trip
 * model.json → ONNX → model.json keeps the outputs, the scripts run in PyTorch, and bad input gets
 * one line, exit code 2 and no file.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@chalkgrad/core';
import { type Sequential, mlp } from '@chalkgrad/nn';
import { exportOnnx, loadModel, saveModel } from '@chalkgrad/nn/node';
import { chalkgrad } from './helpers';
import { describeWithTorch, runPythonScripts } from '../helpers/pytorch';

const dir = mkdtempSync(join(tmpdir(), 'chalkgrad-cli-interop-'));
const model = mlp(3, [6, 2], { seed: 4, activation: 'tanh' });
saveModel(model, join(dir, 'model.json'));

function expectUsageError(r: { code: number | null; stderr: string; stdout: string }, message: string): void {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(message);
}

test('export to ONNX, import back: the same network with the same outputs, and its picture', () => {
  const exported = chalkgrad(['export', join(dir, 'model.json'), '--onnx', join(dir, 'net.onnx'), '--pytorch', join(dir, 'net.py')]);
  expect(exported.stderr).toBe('');
  expect(exported.code).toBe(0);
  expect(exported.stdout).toContain(`wrote ${join(dir, 'net.onnx')}`);
  const imported = chalkgrad(['import', join(dir, 'net.onnx'), '--out', join(dir, 'back.json'), '--svg', join(dir, 'back.svg')]);
  expect(imported.code).toBe(0);
  expect(imported.stdout).toContain('Sequential(Linear(3, 6), tanh, Linear(6, 2)), 38 parameters');
  const back = loadModel(join(dir, 'back.json')) as Sequential;
  const x = tensor([[0.5, -1, 2], [0, 0.25, -0.75]]);
  back.forward(x).data.forEach((v, i) => expect(Math.abs(v - model.forward(x).data[i])).toBeLessThan(1e-6));
  expect(readFileSync(join(dir, 'back.svg'), 'utf8')).toMatch(/^<svg[^>]*>/);
});

test('bad input: one line, exit code 2, no file written', () => {
  writeFileSync(join(dir, 'cut.onnx'), readFileSync(join(dir, 'net.onnx')).subarray(0, 100));
  exportOnnx(mlp(2, [2], { seed: 1 }), join(dir, 'ok.onnx'));
  const before = readdirSync(dir).sort();
  expectUsageError(chalkgrad(['export', join(dir, 'model.json')]), 'export: say what to write: --onnx FILE, --pytorch FILE or both');
  expectUsageError(chalkgrad(['export', join(dir, 'missing.json'), '--onnx', join(dir, 'x.onnx')]), 'missing.json: no such file');
  expectUsageError(chalkgrad(['export', join(dir, 'model.json'), '--onnx', join(dir, 'no-folder', 'x.onnx')]), 'no-folder does not exist');
  expectUsageError(chalkgrad(['export', join(dir, 'model.json'), '--pytorch', join(dir, 'x.py'), '--batch', '0']), "--batch: '0' is not a whole number ≥ 1");
  expectUsageError(chalkgrad(['import', join(dir, 'cut.onnx'), '--out', join(dir, 'cut.json')]), 'cut.onnx: not a valid ONNX file');
  expectUsageError(chalkgrad(['import', join(dir, 'ok.onnx')]), 'import: say where to save the model: --out model.json');
  expectUsageError(chalkgrad(['import', join(__dirname, '..', 'onnx', 'fixtures', 'residual.onnx'), '--out', join(dir, 'r.json')]), "'x' feeds 2 nodes");
  expectUsageError(chalkgrad(['import', join(dir, 'model.json'), '--out', join(dir, 'j.json')]), 'model.json: not ');
  expect(readdirSync(dir).sort()).toEqual(before);
  expect(existsSync(join(dir, 'cut.json'))).toBe(false);
});

describeWithTorch('the PyTorch scripts of the command line', () => {
  test('export --pytorch and grad --pytorch write scripts PyTorch agrees with', () => {
    const g = chalkgrad(['grad', 'sigmoid(1 + 3*x1 - 2*x2)', '--at', 'x1=-1,x2=2', '--pytorch', join(dir, 'f.py')]);
    expect(g.code).toBe(0);
    expect(g.stdout).toContain(`wrote ${join(dir, 'f.py')} (PyTorch script)`);
    chalkgrad(['export', join(dir, 'model.json'), '--pytorch', join(dir, 'net.py'), '--batch', '3', '--seed', '7']);
    const results = runPythonScripts([readFileSync(join(dir, 'f.py'), 'utf8'), readFileSync(join(dir, 'net.py'), 'utf8')]);
    for (const r of results) {
      expect(r.output).toContain('PyTorch agrees with chalkgrad on every value and gradient');
      expect(r.status).toBe(0);
    }
    expect(results[0].output).toMatch(/ok\s+gradient of x1 /);
  });
});
