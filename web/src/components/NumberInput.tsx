import { type GetRef, InputNumber, type InputNumberProps } from 'antd';
import { type Ref, useCallback, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

type InputNumberElement = GetRef<typeof InputNumber>;

/**
 * antd's InputNumber with its step buttons named in the console's language: antd names them "Increase
 * Value" and "Decrease Value", in English whatever its locale, and takes no prop to change that.
 */
export function NumberInput<T extends string | number = number>({
  ref,
  ...props
}: InputNumberProps<T> & { ref?: Ref<InputNumberElement> }) {
  const { t } = useTranslation();
  const input = useRef<InputNumberElement | null>(null);
  // Form.Item hands its own ref (to focus the field); both get the element.
  const setInput = useCallback(
    (element: InputNumberElement | null) => {
      input.current = element;
      if (typeof ref === 'function') ref(element);
      else if (ref) ref.current = element;
    },
    [ref],
  );
  const increase = t('common.increase');
  const decrease = t('common.decrease');
  // After every render: the buttons come and go with antd's own state (disabled, read-only).
  useLayoutEffect(() => {
    // antd's element is the input itself, or a wrapper around the box when there is a prefix.
    const element = input.current?.nativeElement;
    const box = element?.closest('.ant-input-number') ?? element;
    box?.querySelector('.ant-input-number-handler-up')?.setAttribute('aria-label', increase);
    box?.querySelector('.ant-input-number-handler-down')?.setAttribute('aria-label', decrease);
  });
  return <InputNumber<T> ref={setInput} {...props} />;
}
