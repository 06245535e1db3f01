/** Typed arrays as base64 strings, so a serialised index is one compact JSON document. */
export function encodeTypedArray(array: Int32Array | Uint16Array | Uint8Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decodeBytes(encoded: unknown): Uint8Array {
  return typeof encoded === 'string' ? Buffer.from(encoded, 'base64') : new Uint8Array(0);
}

// Copies because a decoded Buffer may start at an offset that is not a multiple of the element size.
export function decodeInt32(encoded: unknown): Int32Array {
  const bytes = decodeBytes(encoded);
  const array = new Int32Array(bytes.byteLength >> 2);
  new Uint8Array(array.buffer).set(bytes.subarray(0, array.byteLength));
  return array;
}

export function decodeUint16(encoded: unknown): Uint16Array {
  const bytes = decodeBytes(encoded);
  const array = new Uint16Array(bytes.byteLength >> 1);
  new Uint8Array(array.buffer).set(bytes.subarray(0, array.byteLength));
  return array;
}

export function decodeUint8(encoded: unknown): Uint8Array {
  return new Uint8Array(decodeBytes(encoded));
}
