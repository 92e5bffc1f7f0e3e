/**
 * Encodes scalar attribute values as ASCII strings whose plain string order is the order of the
 * values: booleans before numbers before strings, numbers numerically, strings by UTF-16 code
 * unit (JavaScript's `<`). Encodings never contain NUL, so NUL can end them inside index keys, and
 * the encoding of a string is a prefix of the encoding of every string that begins with it.
 */
export function encodeOrdered(value: unknown): string | undefined {
  if (typeof value === 'boolean') return value ? 'b1' : 'b0';
  if (typeof value === 'number') return Number.isFinite(value) ? 'n' + encodeNumber(value) : undefined;
  if (typeof value === 'string') return 's' + encodeStringBody(value);
  return undefined;
}

/** The encoding of a string without its type tag: the part a `beginsWith` prefix must match. */
export function encodeStringBody(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x02 && unit <= 0x7e) out += text[i];
    // 0x00 and 0x01 sort below every plain character but above the NUL that ends an encoding.
    else if (unit <= 0x01) out += unit === 0 ? '\u0001\u0001' : '\u0001\u0002';
    // Everything from 0x7F up sorts above every plain character, in code unit order.
    else out += '\u007f' + unit.toString(16).padStart(4, '0');
  }
  return out;
}

function encodeNumber(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value === 0 ? 0 : value);
  let high = view.getUint32(0);
  let low = view.getUint32(4);
  // IEEE 754 bits order like the numbers once negatives are inverted and positives get the sign bit.
  if (high & 0x80000000) {
    high = ~high >>> 0;
    low = ~low >>> 0;
  } else {
    high = (high | 0x80000000) >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}
