// A web page's script, type-checked as a browser project would be (tsconfig.web.json: the browser's
// libs, no Node types, skipLibCheck false): every browser-safe main entry, so no type we ship may
// need Node's types or a newer lib than ES2022 + DOM.
import { JUPYTER_DISPLAY, Value, tensor, gradcheck, type MimeBundle } from '@chalkgrad/core';
import { mlp, makeMoons } from '@chalkgrad/nn';
import { toDot, renderSvg, loadGraphviz, picture, trainingCurves } from '@chalkgrad/viz';
import { makeExercise, gradeAnswers } from '@chalkgrad/lesson';
import * as chalkgrad from 'chalkgrad';

const y = new Value(-1, 'x1').mul(3).add(1).sigmoid().named('y');
y.backward();
const W = tensor([[1, 2], [3, 4]], { requiresGrad: true });
const ok: boolean = gradcheck((a: Value) => a.tanh(), [0.3]).ok;
const model = mlp(2, [4, 2], { seed: 1 });
const data = makeMoons(20, 0.1, 1);
const version: Promise<string> = loadGraphviz().then((gv) => gv.version());
const exercise = makeExercise({ preset: 'perceptron' });
const grade = gradeAnswers(exercise, exercise.blanks.map((b) => String(b.answer)));
const same: typeof Value = chalkgrad.Value;
const curves: MimeBundle = picture(trainingCurves({ epochs: [{ epoch: 1, loss: 1 }] }))[JUPYTER_DISPLAY]();
void renderSvg(toDot(y)).then((svg) => (document.body.innerHTML = svg));
export { W, ok, model, data, version, grade, same, curves };
