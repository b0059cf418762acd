/** The smallest environment that parses: a ConnectWise cloud host and made-up credentials. */
export const VALID_ENV = {
  CW_SITE: 'api-na.myconnectwise.net',
  CW_COMPANY_ID: 'acme',
  CW_PUBLIC_KEY: 'pub-key-123456',
  CW_PRIVATE_KEY: 'very-secret-private-key',
  CW_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
};
