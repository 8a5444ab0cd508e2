import { Menu, type MenuProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { CONSOLE_PAGES, type ConsolePage, visiblePages } from './pages';

type MenuItem = Required<MenuProps>['items'][number];

/** The page whose path is the longest prefix of the current one (a detail page lights its list). */
function activePage(pages: ConsolePage[], pathname: string): ConsolePage | undefined {
  const all = pages.flatMap((page) => [page, ...(page.children ?? [])]);
  return all
    .filter((page) => !page.children && (pathname === page.path || pathname.startsWith(`${page.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/**
 * The menu. Unfolded, the group of the current page starts open; folded to icons (tablets), groups
 * open as pop-ups only when asked, so that none covers the page after a navigation.
 */
export function SideNav({
  isAdmin,
  collapsed,
  onNavigate,
}: {
  isAdmin: boolean;
  collapsed: boolean;
  /** Called when a page is chosen (the phone's drawer closes). */
  onNavigate?: () => void;
}) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const pages = useMemo(() => visiblePages(CONSOLE_PAGES, isAdmin), [isAdmin]);
  const active = activePage(pages, pathname);
  const openGroup = pages.find((page) => page.children?.some((child) => child === active));
  const [inlineOpen, setInlineOpen] = useState<string[]>(openGroup ? [openGroup.key] : []);
  const [popupOpen, setPopupOpen] = useState<string[]>([]);

  const toItem = (page: ConsolePage): MenuItem => {
    const text = t(`nav.${!isAdmin && page.memberLabel ? page.memberLabel : page.label}`);
    if (page.children) {
      return {
        key: page.key,
        icon: page.icon,
        label: text,
        children: page.children.map(toItem),
      };
    }
    return { key: page.key, icon: page.icon, label: <Link to={page.path}>{text}</Link> };
  };

  return (
    <nav aria-label={t('nav.label')}>
      <Menu
        mode="inline"
        items={pages.map(toItem)}
        selectedKeys={active ? [active.key] : []}
        openKeys={collapsed ? popupOpen : inlineOpen}
        onOpenChange={collapsed ? setPopupOpen : setInlineOpen}
        onClick={() => {
          setPopupOpen([]);
          onNavigate?.();
        }}
        // Touch screens have no hover: a pop-up opens on a tap and closes when one of its pages is chosen.
        triggerSubMenuAction="click"
        style={{ borderInlineEnd: 'none' }}
      />
    </nav>
  );
}
