// A strict little XML well-formedness check for tests (no dependency): one root element,
// tags nested and closed, attributes quoted and unique, only the five named entities or
// numeric ones, no raw < or & in text.
export function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const tokens = body.match(/<[^>]*>|[^<]+/g) ?? [];
  const stack: string[] = [];
  let roots = 0;
  const checkText = (text: string, where: string) => {
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error(`bad entity in ${where}: ${text.slice(0, 60)}`);
    if (text.includes('<')) throw new Error(`raw < in ${where}`);
  };
  for (const token of tokens) {
    if (!token.startsWith('<')) {
      if (stack.length === 0 && token.trim()) throw new Error(`text outside the root: ${token.slice(0, 40)}`);
      checkText(token, 'text');
      continue;
    }
    if (token.startsWith('<!--')) continue;
    const end = /^<\/([A-Za-z_][\w:.-]*)\s*>$/.exec(token);
    if (end) {
      const open = stack.pop();
      if (open !== end[1]) throw new Error(`</${end[1]}> closes <${open}>`);
      continue;
    }
    const start = /^<([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"]*")*)\s*(\/?)>$/.exec(token);
    if (!start) throw new Error(`malformed tag: ${token.slice(0, 80)}`);
    const names = [...start[2].matchAll(/([A-Za-z_][\w:.-]*)="([^"]*)"/g)].map((m) => {
      checkText(m[2], `attribute ${m[1]}`);
      return m[1];
    });
    if (new Set(names).size !== names.length) throw new Error(`repeated attribute in ${token}`);
    if (stack.length === 0) roots++;
    if (!start[3]) stack.push(start[1]);
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
}
