/** Typed arrays in a snapshot: kept raw for the binary cache, or as base64 text for a JSON file. */
export type Encoded<T> = T | string;

export function encodeBase64(array: Int32Array | Uint16Array | Uint8Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

type TypedArrayClass<T> = { new (length: number): T; new (buffer: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number };

/** Accepts the typed array itself, base64 text, or a plain array of numbers; undefined for anything else. */
function decode<T extends Int32Array | Uint16Array | Uint8Array>(encoded: unknown, type: TypedArrayClass<T>): T | undefined {
  if (encoded instanceof type) return encoded as T;
  if (Array.isArray(encoded)) {
    const array = new type(encoded.length);
    array.set(encoded as number[]);
    return array;
  }
  let bytes: Uint8Array;
  if (typeof encoded === 'string') bytes = Buffer.from(encoded, 'base64');
  else if (ArrayBuffer.isView(encoded)) bytes = new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  else return undefined;
  if (bytes.byteLength % type.BYTES_PER_ELEMENT !== 0) return undefined;
  // Copies because the bytes may start at an offset that is not a multiple of the element size.
  const array = new type(bytes.byteLength / type.BYTES_PER_ELEMENT);
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
  return array;
}

export function decodeInt32(encoded: unknown): Int32Array | undefined {
  return decode(encoded, Int32Array as TypedArrayClass<Int32Array>);
}

export function decodeUint16(encoded: unknown): Uint16Array | undefined {
  return decode(encoded, Uint16Array as TypedArrayClass<Uint16Array>);
}

export function decodeUint8(encoded: unknown): Uint8Array | undefined {
  return decode(encoded, Uint8Array as TypedArrayClass<Uint8Array>);
}
