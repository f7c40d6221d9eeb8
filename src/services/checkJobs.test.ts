import { describe, expect, it } from 'vitest';
import { failureMessage } from './checkJobs.ts';

describe('why a check failed, as each reader reads it', () => {
  const stored = JSON.stringify({ problem: { code: 'not_a_table', kind: 'image' } });

  it('says a stored problem in the reader’s language, naming the file as it was uploaded', () => {
    expect(failureMessage(stored, 'zh', '截图.csv')).toBe(
      '截图.csv：这不是 CSV 或 Excel 文件（是图片）：请把表格导出为 CSV 或 XLSX',
    );
    expect(failureMessage(stored, 'es', 'foto.csv')).toMatch(/^foto\.csv: no es un archivo CSV ni de Excel/);
  });

  it('shows an error stored as text before problems were data without the server’s path of the upload', () => {
    const old = 'puente-data/uploads/0b6f1f4e-8c8a-4a57-9a49-2f1d3c1e9b10.csv: the file is empty';
    expect(failureMessage(old, 'en', 'catalog.csv')).toBe('catalog.csv: the file is empty');
    expect(failureMessage('null', 'en', 'catalog.csv')).toBe('null');
  });
});
