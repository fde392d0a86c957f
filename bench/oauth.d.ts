// The `oauth` package (node-oauth) ships no types; this covers what the benchmark calls.
declare module 'oauth' {
  export class OAuth {
    constructor(
      requestUrl: string | null,
      accessUrl: string | null,
      consumerKey: string,
      consumerSecret: string,
      version: string,
      authorizeCallback: string | null,
      signatureMethod: string,
    );
    /** What `post()` and friends use to build the protocol parameters (signed). */
    _prepareParameters(
      token: string,
      tokenSecret: string,
      method: string,
      url: string,
      extraParams: Record<string, string>,
    ): Array<[string, string]>;
    /** Formats the `Authorization` header from `_prepareParameters`' output. */
    _buildAuthorizationHeaders(orderedParameters: Array<[string, string]>): string;
    _getNonce(size: number): string;
    _getTimestamp(): number;
  }
}
