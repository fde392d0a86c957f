/** The part of simple-oauth2 5 the refresh-storm bench uses (the package ships no types). */
declare module 'simple-oauth2' {
  export interface AccessToken {
    token: Record<string, unknown> & { access_token: string };
    expired(expirationWindowSeconds?: number): boolean;
    refresh(params?: Record<string, unknown>): Promise<AccessToken>;
  }
  export class AuthorizationCode {
    constructor(config: {
      client: { id: string; secret: string };
      auth: { tokenHost: string; tokenPath?: string; authorizePath?: string };
      options?: Record<string, unknown>;
    });
    createToken(token: Record<string, unknown>): AccessToken;
  }
}
