// Type-checked as an ES module (the types under "import"): the shipped .d.mts files.
import { JUPYTER_DISPLAY, Value, renderSvg, toDot, picture, trainingCurves, type MimeBundle } from 'chalkgrad';
import { svgToPng } from 'chalkgrad/node';

const y = new Value(2, 'x').mul(3).named('y');
const svg: string = await renderSvg(toDot(y));
const png: Uint8Array = svgToPng(svg);
const bundle: MimeBundle = picture(trainingCurves({ epochs: [{ epoch: 1, loss: 1 }] }))[JUPYTER_DISPLAY]();
// @ts-expect-error the types are real: toDot takes a Value, a Tensor or a graph
toDot(42);
export { png, bundle };
