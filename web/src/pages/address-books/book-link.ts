/** The address of a book on this page, or of its recycle bin. */
export const bookLink = (guid: string, view?: 'bin') =>
  `/address-books?ab=${encodeURIComponent(guid)}${view ? `&view=${view}` : ''}`;
