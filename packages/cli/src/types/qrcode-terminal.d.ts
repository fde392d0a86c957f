/** qrcode-terminal ships no types; this is the part `login --device` uses. */
declare module 'qrcode-terminal' {
  const qr: {
    generate(text: string, options: { small?: boolean }, callback: (art: string) => void): void;
  };
  export default qr;
}
