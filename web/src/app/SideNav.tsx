import { Menu, type MenuProps } from 'antd';
import { memo, useMemo, useState } from 'react';
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
  const { pathname } = useLocation();
  const pages = useMemo(() => visiblePages(CONSOLE_PAGES, isAdmin), [isAdmin]);
  const activeKey = activePage(pages, pathname)?.key;
  return (
    <NavMenu
      pages={pages}
      isAdmin={isAdmin}
      activeKey={activeKey}
      collapsed={collapsed}
      onNavigate={onNavigate}
    />
  );
}

/**
 * The menu itself, rendered again only when the page it lights changes: a list's next page or filter
 * changes the address, and re-rendering the whole menu then would cost more than the new rows.
 */
const NavMenu = memo(function NavMenu({
  pages,
  isAdmin,
  activeKey,
  collapsed,
  onNavigate,
}: {
  pages: ConsolePage[];
  isAdmin: boolean;
  activeKey: string | undefined;
  collapsed: boolean;
  onNavigate?: () => void;
}) {
  const { t } = useTranslation();
  const openGroup = pages.find((page) => page.children?.some((child) => child.key === activeKey));
  const [inlineOpen, setInlineOpen] = useState<string[]>(openGroup ? [openGroup.key] : []);
  const [popupOpen, setPopupOpen] = useState<string[]>([]);

  const items = useMemo(() => {
    const toItem = (page: ConsolePage): MenuItem => {
      const text = t(`nav.${!isAdmin && page.memberLabel ? page.memberLabel : page.label}`);
      if (page.children) {
        return { key: page.key, icon: page.icon, label: text, children: page.children.map(toItem) };
      }
      return { key: page.key, icon: page.icon, label: <Link to={page.path}>{text}</Link> };
    };
    return pages.map(toItem);
  }, [pages, isAdmin, t]);
  const selectedKeys = useMemo(() => (activeKey ? [activeKey] : []), [activeKey]);

  return (
    <nav aria-label={t('nav.label')}>
      <Menu
        mode="inline"
        items={items}
        selectedKeys={selectedKeys}
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
});
