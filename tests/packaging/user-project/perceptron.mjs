// An ES module: import from 'chalkgrad' and 'chalkgrad/node'; the diagram as SVG and PNG.
import { Value, renderSvg, toDot } from 'chalkgrad';
import { svgToPng } from 'chalkgrad/node';

const x1 = new Value(-1, 'x1');
const x2 = new Value(2, 'x2');
const y = new Value(1).add(x1.mul(3)).sub(x2.mul(2)).sigmoid().named('y');
y.backward();
const svg = await renderSvg(toDot(y));
const png = svgToPng(svg);
console.log(JSON.stringify({ y: y.data, grads: [x1.grad, x2.grad], svg: svg.includes('<svg') && svg.includes('x1'), png: [...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('') }));
