// Recognises program code inside what is otherwise a plain-text file (shell, batch, PowerShell, VBScript/JScript,
// HTML/SVG, PHP, Python, registry and shortcut files, CSV formula injection). Tell-tale calls only: these words do
// not occur in administrative prose, so a clerk's letter is never refused for mentioning "Set" or "if".

/** A regex matching any of the given sources (already regex syntax). */
function anyOf(sources: string[], flags: string): RegExp {
  return new RegExp(sources.join('|'), flags);
}

// Each names what the clerk is told the file contains.
const SIGNS: Array<[RegExp, string]> = [
  [/^\s*#!/, 'tập lệnh có dòng #!'],
  [/<\?php/i, 'mã PHP'],
  [
    // A web page or SVG image from its first element on (after an XML declaration and comments).
    new RegExp(String.raw`^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*` + String.raw`<(!doctype\s+html|html|head|body|svg|script|iframe|hta:application|job|package)\b`, 'i'),
    'trang web HTML/SVG',
  ],
  [/<(script|iframe|object|embed)\b|<hta:application|\bjavascript:/i, 'mã trang web'],
  [
    anyOf([String.raw`^\s*@?echo\s+off\b`, '%~dp0', String.raw`^\s*@?setlocal\b`, String.raw`\bcmd(\.exe)?\s+/[ck]\b`, String.raw`\bpowershell(\.exe)?\s+-`], 'im'),
    'tập lệnh Windows (.bat/.cmd)',
  ],
  [
    anyOf(
      [
        String.raw`\b(Invoke-Expression|Invoke-WebRequest|Invoke-RestMethod|Start-Process|Set-ExecutionPolicy)\b`,
        String.raw`\b(DownloadString|DownloadFile|FromBase64String|EncodedCommand|Add-Type)\b`,
        String.raw`\bIEX\s*[($]`,
        String.raw`New-Object\s+(System\.)?Net\.`,
      ],
      'i',
    ),
    'tập lệnh PowerShell',
  ],
  [
    anyOf(
      [
        String.raw`\b(CreateObject|GetObject)\s*\(`,
        String.raw`\bWScript\.\w+`,
        String.raw`\b(ActiveXObject|ExecuteGlobal)\b`,
        String.raw`\b(Shell\.Application|Scripting\.FileSystemObject|ADODB\.Stream|MSXML2\.\w*HTTP)\b`,
        String.raw`\bOn\s+Error\s+Resume\s+Next\b`,
      ],
      'i',
    ),
    'tập lệnh VBScript/JScript',
  ],
  [
    anyOf(
      [String.raw`\beval\s*\(`, String.raw`\bnew\s+Function\s*\(`, String.raw`String\.fromCharCode\s*\(`, String.raw`\bchild_process\b`, String.raw`\bdocument\.write\s*\(`],
      '',
    ),
    'mã JavaScript',
  ],
  [
    anyOf(
      [
        String.raw`^\s*import\s+(os|subprocess|socket|ctypes|base64)\b`,
        String.raw`^\s*from\s+(os|subprocess|socket|ctypes)\s+import\b`,
        String.raw`\bos\.system\s*\(`,
        String.raw`\bsubprocess\.\w+\s*\(`,
      ],
      'm',
    ),
    'tập lệnh Python',
  ],
  [/\b(curl|wget)\b[^\n]*\|\s*(ba|z)?sh\b/, 'tập lệnh shell'],
  [/^\uFEFF?\s*(Windows Registry Editor Version|REGEDIT4)/, 'tệp sửa Registry Windows'],
  [/^\s*\[(InternetShortcut|\.ShellClassInfo|Shell|Desktop Entry)\]/im, 'lối tắt/tệp cấu hình chạy lệnh'],
];

// Spreadsheet formula injection (DDE), =cmd|' /C calc'!A0 in a cell: only matters where Excel opens the file.
const CSV_DDE = /(^|[,;\t])\s*"?\s*[=+\-@][^,;\t\n|]*\|\s*'[^'\n]*'\s*!/m;

// Lines that look like program statements; a text made mostly of them is code even without a tell-tale call.
const CODE_LINE = new RegExp(
  String.raw`^\s*(` +
    [
      String.raw`var\s|let\s|const\s|function\b|if\s*\(|for\s*\(|while\s*\(|return\b|[{}]\s*$|try\s*[:{]|catch\s*\(`,
      String.raw`Dim\s|Set\s+\w+\s*=|Sub\s|End\s+(Sub|If|Function)\b|Function\s`,
      String.raw`\$\w+\s*=|echo\s|rem\s|set\s+\w+=|goto\s|::`,
      String.raw`#include|def\s|class\s+\w+|<\?|\w+\s*\(.*\)\s*;\s*$`,
    ].join('|') +
    ')',
  'i',
);

/** What kind of code the text contains, in words for a clerk, or null for ordinary text. */
export function scriptLabel(text: string, ext: string): string | null {
  for (const [re, label] of SIGNS) if (re.test(text)) return label;
  if (ext === 'csv' && CSV_DDE.test(text)) return 'công thức DDE chạy lệnh';
  const lines = text
    .slice(0, 200_000)
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length >= 3 && lines.filter((l) => CODE_LINE.test(l)).length / lines.length > 0.5) return 'mã chương trình';
  return null;
}
