import { describe, expect, it } from 'vitest';
import { parseNdjson } from './bulk';

describe('parseNdjson', () => {
  it('numbers records by their position among non-blank lines and rejects a line that is not one JSON object', () => {
    const { records, rejected } = parseNdjson(['{"sourceRef":"A"}', '', '  ', '{"sourceRef":"B"}\r', 'null', '"text"', '[{}]', '{"sourceRef":', '{"sourceRef":"C"}'].join('\n'));
    expect(records).toEqual([
      { index: 0, record: { sourceRef: 'A' } },
      { index: 1, record: { sourceRef: 'B' } },
      { index: 6, record: { sourceRef: 'C' } },
    ]);
    expect(rejected.map((r) => r.index)).toEqual([2, 3, 4, 5]);
    expect(rejected[0]).toEqual({ index: 2, sourceRef: null, errors: [{ field: '(record)', message: 'is not a JSON object on one line' }] });
  });

  it('refuses more records than the limit, naming the field and never the content', () => {
    expect(() => parseNdjson('{}\n{}\n{}', 2)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'ndjson', limit: 2 }) }));
    expect(parseNdjson('{}\n{}\n\n', 2).records).toHaveLength(2);
  });
});
