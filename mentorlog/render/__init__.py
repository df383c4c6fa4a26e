"""What people read: terminal tables, templates, the calendar, HTML pages and charts."""
