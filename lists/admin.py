"""Advocates' lists have no admin pages: the lists page promises "Only you can see your lists
unless you share one", and curators are no exception. The user admin shows how many lists an
account has (lists.account.account_summary), and nothing more.
"""
