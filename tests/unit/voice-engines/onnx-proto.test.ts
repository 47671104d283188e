import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, attr } from '../../../scripts/stand-in-models/graph-builder.js';
import { encodeModel } from '../../../scripts/stand-in-models/onnx-proto.js';

const META = { irVersion: 8, opsetVersion: 17, producerName: 'test', docString: '' } as const;

describe('the ONNX encoder', () => {
  it('writes models ONNX Runtime loads and runs, negative int64 values included', async () => {
    const g = new GraphBuilder('g');
    const x = g.input('x', 'float32', ['n', 2, 3]);
    // -1 in a Reshape shape and a negative axis exercise the 10-byte varints.
    const flat = g.op('Reshape', [x, g.int64([0, -1])]);
    const summed = g.op('ReduceSum', [flat, g.int64([-1])], [attr.int('keepdims', 0)]);
    g.op('Mul', [summed, g.floatScalar(0.5)], [], 'y');
    g.output('y', 'float32', ['n']);
    const session = await InferenceSession.create(encodeModel({ ...META, graph: g.build() }));
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    const { y } = await session.run({
      x: new Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 6, 1, 1, 1, 1, 1, 1]), [2, 2, 3]),
    });
    expect(Array.from(y?.data as Float32Array)).toEqual([10.5, 3]);
  });

  it('writes If nodes whose branches read values of the outer graph', async () => {
    const g = new GraphBuilder('outer');
    const cond = g.input('cond', 'bool', [1]);
    const value = g.input('value', 'float32', [2]);
    const then = new GraphBuilder('then');
    then.op('Identity', [value], [], 'then_out');
    then.output('then_out', 'float32', null);
    const otherwise = new GraphBuilder('else');
    otherwise.op('Neg', [value], [], 'else_out');
    otherwise.output('else_out', 'float32', null);
    g.node(
      'If',
      [cond],
      ['out'],
      [attr.graph('then_branch', then.build()), attr.graph('else_branch', otherwise.build())],
    );
    g.output('out', 'float32', [2]);
    const session = await InferenceSession.create(encodeModel({ ...META, graph: g.build() }));
    const run = async (flag: number) =>
      Array.from(
        (
          await session.run({
            cond: new Tensor('bool', Uint8Array.of(flag), [1]),
            value: new Tensor('float32', Float32Array.of(1, -2), [2]),
          })
        ).out?.data as Float32Array,
      );
    expect(await run(1)).toEqual([1, -2]);
    expect(await run(0)).toEqual([-1, 2]);
  });

  it('refuses a tensor whose data does not fill its dims', () => {
    const g = new GraphBuilder('bad');
    g.float([1, 2, 3], [2, 2]);
    expect(() => encodeModel({ ...META, graph: g.build() })).toThrow(/3 values/);
  });
});
