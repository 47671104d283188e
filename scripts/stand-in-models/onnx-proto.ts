/**
 * A minimal ONNX protobuf encoder: just enough of onnx.proto (ModelProto, GraphProto, NodeProto,
 * TensorProto, ValueInfoProto, AttributeProto) to write the small stand-in graphs. There is no
 * python onnx package on the build machines, and hand-encoding keeps the project free of a
 * protobuf dependency. Field numbers are from onnx/onnx.proto (IR version 8).
 */

export type TensorType = 'float32' | 'int32' | 'int64' | 'bool';

/** TensorProto.DataType values. */
export const DATA_TYPE: Record<TensorType, number> = { float32: 1, int32: 6, int64: 7, bool: 9 };

/** A dimension: a fixed size, or a symbolic name that ONNX Runtime leaves free. */
export type Dim = number | string;

export type ValueInfo = {
  name: string;
  type: TensorType;
  /** null: the rank is unknown (allowed for the outputs of If branches). */
  shape: readonly Dim[] | null;
};

export type TensorData = Float32Array | Int32Array | BigInt64Array | Uint8Array;

export type Tensor = { name: string; type: TensorType; dims: readonly number[]; data: TensorData };

export type Attribute =
  | { name: string; kind: 'int'; value: number }
  | { name: string; kind: 'ints'; value: readonly number[] }
  | { name: string; kind: 'float'; value: number }
  | { name: string; kind: 'tensor'; value: Tensor }
  | { name: string; kind: 'graph'; value: Graph };

export type Node = {
  opType: string;
  name: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes: readonly Attribute[];
};

export type Graph = {
  name: string;
  nodes: readonly Node[];
  initializers: readonly Tensor[];
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
};

export type Model = {
  graph: Graph;
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  docString: string;
};

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

/** AttributeProto.AttributeType values. */
const ATTRIBUTE_TYPE = { float: 1, int: 2, tensor: 4, graph: 5, ints: 7 } as const;

/** Appends protobuf fields; nested messages are encoded first and written as bytes. */
class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];

  varint(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.rawVarint(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.rawVarint(value.length);
    this.chunks.push(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const buffer = new Uint8Array(4);
    new DataView(buffer.buffer).setFloat32(0, value, true);
    this.chunks.push(buffer);
    return this;
  }

  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const value of values) inner.rawVarint(value);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const length = this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const out = new Uint8Array(length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint((field << 3) | wireType);
  }

  /** Negative int64 values are written as their 64-bit two's complement (10 bytes), as protobuf does. */
  private rawVarint(value: number | bigint): void {
    let rest = BigInt.asUintN(64, BigInt(value));
    const bytes: number[] = [];
    while (rest >= 0x80n) {
      bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    this.chunks.push(Uint8Array.from(bytes));
  }
}

function encodeTensor(tensor: Tensor): Uint8Array {
  const raw = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  const expected = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (tensor.data.length !== expected) {
    throw new Error(
      `Tensor ${tensor.name} has ${tensor.data.length} values, its dims ${tensor.dims.join('x')} need ${expected}`,
    );
  }
  // raw_data is little-endian; every machine this runs on is little-endian too.
  return new ProtoWriter()
    .packedVarints(1, tensor.dims)
    .varint(2, DATA_TYPE[tensor.type])
    .string(8, tensor.name)
    .bytes(9, raw)
    .finish();
}

function encodeValueInfo(info: ValueInfo): Uint8Array {
  const tensorType = new ProtoWriter().varint(1, DATA_TYPE[info.type]);
  if (info.shape !== null) {
    const shape = new ProtoWriter();
    for (const dim of info.shape) {
      const dimension = new ProtoWriter();
      if (typeof dim === 'number') dimension.varint(1, dim);
      else dimension.string(2, dim);
      shape.bytes(1, dimension.finish());
    }
    tensorType.bytes(2, shape.finish());
  }
  const typeProto = new ProtoWriter().bytes(1, tensorType.finish()).finish();
  return new ProtoWriter().string(1, info.name).bytes(2, typeProto).finish();
}

function encodeAttribute(attribute: Attribute): Uint8Array {
  const out = new ProtoWriter().string(1, attribute.name);
  switch (attribute.kind) {
    case 'float':
      out.float(2, attribute.value);
      break;
    case 'int':
      out.varint(3, attribute.value);
      break;
    case 'tensor':
      out.bytes(5, encodeTensor(attribute.value));
      break;
    case 'graph':
      out.bytes(6, encodeGraph(attribute.value));
      break;
    case 'ints':
      // Repeated int64 in AttributeProto is declared unpacked; parsers accept both, write unpacked.
      for (const value of attribute.value) out.varint(8, value);
      break;
  }
  return out.varint(20, ATTRIBUTE_TYPE[attribute.kind]).finish();
}

function encodeNode(node: Node): Uint8Array {
  const out = new ProtoWriter();
  for (const input of node.inputs) out.string(1, input);
  for (const output of node.outputs) out.string(2, output);
  out.string(3, node.name).string(4, node.opType);
  for (const attribute of node.attributes) out.bytes(5, encodeAttribute(attribute));
  return out.finish();
}

function encodeGraph(graph: Graph): Uint8Array {
  const out = new ProtoWriter();
  for (const node of graph.nodes) out.bytes(1, encodeNode(node));
  out.string(2, graph.name);
  for (const tensor of graph.initializers) out.bytes(5, encodeTensor(tensor));
  for (const input of graph.inputs) out.bytes(11, encodeValueInfo(input));
  for (const output of graph.outputs) out.bytes(12, encodeValueInfo(output));
  return out.finish();
}

/** Serializes a model to the bytes of an .onnx file. */
export function encodeModel(model: Model): Uint8Array {
  const opset = new ProtoWriter().string(1, '').varint(2, model.opsetVersion).finish();
  return new ProtoWriter()
    .varint(1, model.irVersion)
    .string(2, model.producerName)
    .string(6, model.docString)
    .bytes(7, encodeGraph(model.graph))
    .bytes(8, opset)
    .finish();
}
