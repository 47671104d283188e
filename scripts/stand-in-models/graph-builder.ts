import type { Attribute, Dim, Graph, Node, Tensor, TensorType, ValueInfo } from './onnx-proto.js';

/** TensorProto.DataType values used as the `to` attribute of Cast. */
export const CAST_TO = { float32: 1, int64: 7 } as const;

/** Attribute constructors, so graph code reads like the ONNX operator documentation. */
export const attr = {
  int: (name: string, value: number): Attribute => ({ name, kind: 'int', value }),
  ints: (name: string, value: readonly number[]): Attribute => ({ name, kind: 'ints', value }),
  float: (name: string, value: number): Attribute => ({ name, kind: 'float', value }),
  tensor: (name: string, value: Tensor): Attribute => ({ name, kind: 'tensor', value }),
  graph: (name: string, value: Graph): Attribute => ({ name, kind: 'graph', value }),
};

/**
 * Builds one ONNX graph. Every value gets a unique generated name unless the caller names it
 * (graph outputs must carry their public names, e.g. `waveform` or `present.0.decoder.key`).
 */
export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly initializers: Tensor[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private counter = 0;

  constructor(private readonly name: string) {}

  input(name: string, type: TensorType, shape: readonly Dim[]): string {
    this.inputs.push({ name, type, shape });
    return name;
  }

  /** Declares an existing value as a graph output. */
  output(name: string, type: TensorType, shape: readonly Dim[] | null): void {
    this.outputs.push({ name, type, shape });
  }

  int64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.constant(
      'int64',
      dims,
      BigInt64Array.from(values, (value) => BigInt(value)),
    );
  }

  /** A 0-d int64 tensor, as Range and OneHot's depth want. */
  int64Scalar(value: number): string {
    return this.int64([value], []);
  }

  float(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.constant('float32', dims, Float32Array.from(values));
  }

  floatScalar(value: number): string {
    return this.float([value], []);
  }

  /** Adds a node with one output and returns the output's name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: readonly Attribute[] = [],
    outputName?: string,
  ): string {
    const output = outputName ?? this.fresh(opType);
    this.node(opType, inputs, [output], attributes);
    return output;
  }

  /** Adds a node with several (named) outputs. */
  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: readonly Attribute[] = [],
  ): void {
    this.nodes.push({ opType, name: this.fresh(`${opType}_node`), inputs, outputs, attributes });
  }

  build(): Graph {
    return {
      name: this.name,
      nodes: [...this.nodes],
      initializers: [...this.initializers],
      inputs: [...this.inputs],
      outputs: [...this.outputs],
    };
  }

  private constant(type: TensorType, dims: readonly number[], data: Float32Array | BigInt64Array): string {
    const name = this.fresh('const');
    this.initializers.push({ name, type, dims, data });
    return name;
  }

  /** Names carry the graph's name: a value in an If branch must not shadow one of the outer graph. */
  private fresh(prefix: string): string {
    this.counter += 1;
    return `${this.name}/${prefix}_${this.counter}`;
  }
}
