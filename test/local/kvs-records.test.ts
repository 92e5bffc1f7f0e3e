import { decodeRecord, encodeRecord } from '../../local/kvs/records';

describe('stored records', () => {
  it('decodes the same text to the same frozen record, so a read can never change what another reads', () => {
    const text = encodeRecord({ value: { options: [{ id: '1' }] }, createdAt: 1, updatedAt: 2 });
    const first = decodeRecord(text);
    expect(decodeRecord(`${text}`)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      'use strict';
      ((first.value as { options: Array<{ id: string }> }).options[0] as { id: string }).id = '2';
    }).toThrow(TypeError);
  });

  it('decodes a changed text afresh, and a large one without keeping it', () => {
    const before = decodeRecord(encodeRecord({ value: 'a', createdAt: 1, updatedAt: 1 }));
    const after = decodeRecord(encodeRecord({ value: 'b', createdAt: 1, updatedAt: 2 }));
    expect([before.value, after.value]).toEqual(['a', 'b']);
    const large = encodeRecord({ value: 'x'.repeat(20_000), createdAt: 1, updatedAt: 1, expiresAt: 5 });
    expect(decodeRecord(large)).not.toBe(decodeRecord(large));
    expect(decodeRecord(large)).toEqual({ value: 'x'.repeat(20_000), createdAt: 1, updatedAt: 1, expiresAt: 5 });
  });

  it('lets go of the oldest records once it holds 2 million characters of them, and reads them again alike', () => {
    const texts = Array.from({ length: 200 }, (_, i) => encodeRecord({ value: `${i}`.padEnd(15_000, '.'), createdAt: i, updatedAt: i }));
    const first = decodeRecord(texts[0] ?? '');
    for (const text of texts) decodeRecord(text);
    const again = decodeRecord(texts[0] ?? '');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(decodeRecord(texts[199] ?? '')).toBe(decodeRecord(texts[199] ?? ''));
  });
});
