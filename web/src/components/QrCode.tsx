import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Skeleton } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A QR code of `text`, drawn here in the browser; with `fileName`, a button saves it as a PNG (not for
 * secrets, which must not end up in a downloads folder).
 */
export function QrCode({ text, alt, fileName }: { text: string; alt: string; fileName?: string }) {
  const { t } = useTranslation();
  const [image, setImage] = useState<{ text: string; url: string } | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    setFailed(false);
    // Dark on white whatever the theme: scanners read that best.
    QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 232 })
      .then((url) => current && setImage({ text, url }))
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [text]);

  if (failed) return <Alert type="error" showIcon message={t('common.qrFailed')} />;
  if (!image) return <Skeleton.Image active style={{ width: 232, height: 232 }} />;
  return (
    <Flex vertical align="flex-start" gap={8}>
      <img src={image.url} width={232} height={232} alt={alt} data-testid="qr-code" />
      {fileName && (
        <Button icon={<DownloadOutlined />} href={image.url} download={fileName}>
          {t('common.download')}
        </Button>
      )}
    </Flex>
  );
}
