// Being built in this session: replaced by the real page before it lands.
export default function AddressBooksPage() {
  return null;
}
