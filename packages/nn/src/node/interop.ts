/**
 * ONNX files and PyTorch scripts on disk. Writes are atomic like saveModel (a temporary file, then a
 * rename), so a failure leaves no partial file and keeps the previous one.
 */
import type { Tensor, Value } from '@chalkgrad/core';
import { type OnnxExportOptions, toOnnx } from '../onnx/export';
import { importOnnx } from '../onnx/import';
import { OnnxError } from '../onnx/proto';
import { type PyTorchOptions, toPyTorch } from '../pytorch/toPyTorch';
import type { MLP } from '../scalar/models';
import type { Module, Sequential } from '../tensor/modules';
import { writeFileAtomic } from './files';
import { readModelBytes } from './modelFiles';

/** Writes the model as an ONNX file (see `toOnnx`). */
export function exportOnnx(model: Module | MLP, path: string, options: OnnxExportOptions = {}): void {
  const bytes = toOnnx(model, options); // before the write: an unexportable model leaves nothing behind
  writeFileAtomic(path, bytes);
}

/** Reads an ONNX file into a Sequential (see `importOnnx`); errors name the file. */
export function loadOnnx(path: string): Sequential {
  return importOnnx(readModelBytes(path, (m) => new OnnxError(m)), { name: path });
}

/** Writes the PyTorch script that rebuilds and checks `target` (see `toPyTorch`). */
export function exportPyTorch(target: Module | MLP | Value | Tensor, path: string, options: PyTorchOptions = {}): void {
  writeFileAtomic(path, toPyTorch(target, options));
}
